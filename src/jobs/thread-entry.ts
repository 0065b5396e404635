/**
 * Entry of a worker thread that runs one job of a `thread` kind. It loads the kind's module, calls
 * its `run` with a context whose calls become messages to the main thread, and reports the result.
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
import { parentPort, workerData } from 'node:worker_threads';

import type { JobContext, JobProcessor } from './job-kind.js';

export interface ThreadJobData {
  readonly module: string;
  readonly job: JobContext['job'];
  readonly input: unknown;
}

export type ThreadMessage =
  | { type: 'log'; text: string }
  | { type: 'progress'; percent: number; message?: string }
  | { type: 'status'; message: string }
  | { type: 'metric'; name: string; value: number; step?: number }
  | { type: 'usage'; cpuSeconds?: number; peakMemoryBytes?: number }
  | { type: 'done'; result: unknown; peakHeapBytes: number; cpuSeconds?: number }
  | {
      type: 'error';
      message: string;
      code?: string;
      name?: string;
      peakHeapBytes: number;
      cpuSeconds?: number;
    };

/** CPU seconds of this thread, from /proc/thread-self (Linux); undefined elsewhere. */
function threadCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

const port = parentPort!;
const cpuStart = threadCpuSeconds();
const cpuUsed = () => {
  const now = threadCpuSeconds();
  return now === undefined || cpuStart === undefined ? undefined : now - cpuStart;
};
const data = workerData as ThreadJobData;
const controller = new AbortController();
let peakHeap = 0;
const sampleHeap = () => {
  const h = getHeapStatistics();
  peakHeap = Math.max(peakHeap, h.used_heap_size + h.external_memory);
};
const sampler = setInterval(sampleHeap, 100);
sampler.unref();

port.on('message', (msg: { type: 'abort'; reason: string }) => {
  if (msg.type === 'abort') controller.abort(msg.reason);
});

const post = (msg: ThreadMessage) => {
  sampleHeap();
  port.postMessage(msg);
};

const ctx: JobContext = {
  job: data.job,
  input: data.input,
  signal: controller.signal,
  log: (text) => post({ type: 'log', text }),
  progress: (percent, message) =>
    post({ type: 'progress', percent, ...(message !== undefined ? { message } : {}) }),
  status: (message) => post({ type: 'status', message }),
  metric: (name, value, step) =>
    post({ type: 'metric', name, value, ...(step !== undefined ? { step } : {}) }),
  reportUsage: (usage) => post({ type: 'usage', ...usage }),
};

try {
  const mod = (await import(data.module)) as { run?: JobProcessor };
  if (typeof mod.run !== 'function') throw new Error(`module ${data.module} does not export a run function`);
  const result = await mod.run(ctx);
  sampleHeap();
  const cpuSeconds = cpuUsed();
  port.postMessage({
    type: 'done',
    result,
    peakHeapBytes: peakHeap,
    ...(cpuSeconds !== undefined ? { cpuSeconds } : {}),
  } satisfies ThreadMessage);
} catch (err) {
  const e = err as { message?: string; code?: string; name?: string };
  sampleHeap();
  port.postMessage({
    type: 'error',
    message: e?.message ?? String(err),
    ...(typeof e?.code === 'string' ? { code: e.code } : {}),
    ...(e?.name ? { name: e.name } : {}),
    peakHeapBytes: peakHeap,
    ...(cpuUsed() !== undefined ? { cpuSeconds: cpuUsed() } : {}),
  } satisfies ThreadMessage);
}
clearInterval(sampler);
port.close();
