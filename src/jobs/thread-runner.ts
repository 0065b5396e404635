import type { Worker } from 'node:worker_threads';

import { ERROR_CODES, type ErrorCode, PlatformError, startModuleWorker } from '../core/index.js';
import type { JobContext } from './job-kind.js';
import type { ThreadJobData, ThreadMessage } from './thread-entry.js';

/** How long a thread job may take to honour an abort before its thread is terminated. */
const ABORT_GRACE_MS = 5000;

function startWorker(workerData: ThreadJobData): Worker {
  return startModuleWorker(import.meta.url, 'thread-entry', { workerData });
}

/**
 * Runs a thread-kind job in its own worker thread (the API's event loop stays free) and relays its
 * context calls. CPU time is the thread's own; memory is its peak heap.
 */
export function runInThread(module: string, ctx: JobContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const data: ThreadJobData = { module, job: ctx.job, input: ctx.input };
    const worker = startWorker(data);
    let settled = false;
    let killTimer: NodeJS.Timeout | undefined;
    // The thread's own CPU time when the platform tells it (Linux), else its event loop's active time.
    const usage = (reported?: number) => reported ?? worker.performance.eventLoopUtilization().active / 1000;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      ctx.signal.removeEventListener('abort', onAbort);
      if (killTimer) clearTimeout(killTimer);
      fn();
    };
    const onAbort = () => {
      worker.postMessage({ type: 'abort', reason: String(ctx.signal.reason ?? 'aborted') });
      killTimer = setTimeout(() => {
        void worker.terminate();
      }, ABORT_GRACE_MS);
    };
    ctx.signal.addEventListener('abort', onAbort, { once: true });

    worker.on('message', (msg: ThreadMessage) => {
      switch (msg.type) {
        case 'log':
          return ctx.log(msg.text);
        case 'progress':
          return ctx.progress(msg.percent, msg.message);
        case 'status':
          return ctx.status(msg.message);
        case 'metric':
          return ctx.metric(msg.name, msg.value, msg.step);
        case 'usage':
          return ctx.reportUsage(msg);
        case 'done':
          ctx.reportUsage({ cpuSeconds: usage(msg.cpuSeconds), peakMemoryBytes: msg.peakHeapBytes });
          return settle(() => resolve(msg.result));
        case 'error': {
          ctx.reportUsage({ cpuSeconds: usage(msg.cpuSeconds), peakMemoryBytes: msg.peakHeapBytes });
          const code = msg.code && msg.code in ERROR_CODES ? (msg.code as ErrorCode) : undefined;
          const err = code ? new PlatformError(code, msg.message) : new Error(msg.message);
          return settle(() => reject(err));
        }
      }
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) =>
      settle(() =>
        reject(
          ctx.signal.aborted
            ? new Error(`job thread terminated after abort (${String(ctx.signal.reason)})`)
            : new Error(`job thread exited with code ${code} before finishing`),
        ),
      ),
    );
  });
}
