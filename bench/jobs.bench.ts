/**
 * Empty-job dispatch rate of the embedded runtime, on SQLite and PostgreSQL: N `diagnostic.noop`
 * jobs, timed until all are Completed. The figure is the runtime's own overhead (claim, run,
 * finish, events) per job; submission is measured too, as it can be the bottleneck.
 */
import { setTimeout as sleep } from 'node:timers/promises';

import { type Kelp, openKelp } from '../src/app/index.js';
import { type KelpConfig, loadConfig } from '../src/core/index.js';
import { type Bench, type Measurement, note, postgresOrSkip, tempDir, timed } from './lib.js';

const N = Number(process.env.KELP_BENCH_JOBS_N ?? 2000);
const TARGET_JOBS_PER_S = 200;

/** Resolves once `n` jobs have reached Completed; rejects on the first failure or after `timeoutMs`. */
function allCompleted(kelp: Kelp, n: number, timeoutMs: number): { done: Promise<void>; cancel: () => void } {
  const completed = new Set<string>();
  let off = () => {};
  let timer: NodeJS.Timeout | undefined;
  const done = new Promise<void>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`only ${completed.size}/${n} jobs completed in ${timeoutMs} ms`)),
      timeoutMs,
    );
    off = kelp.jobs.events.on('event', (e) => {
      if (e.type !== 'state') return;
      if (e.job.state === 'Failed') reject(new Error(`job ${e.job.name} failed: ${e.job.failureReason}`));
      if (e.job.state === 'Completed' && completed.add(e.job.id).size >= n) resolve();
    });
  });
  const cancel = () => {
    clearTimeout(timer);
    off();
  };
  return { done: done.finally(cancel), cancel };
}

/** End to end: N jobs submitted one after another while the runtime runs them, until all are Completed. */
async function endToEnd(config: KelpConfig): Promise<{ seconds: number; submitSeconds: number }> {
  const kelp = await openKelp(config, { runJobs: true });
  // Listen before the first submit: fast jobs complete while later ones are still being submitted.
  const waiter = allCompleted(kelp, N, Math.max(60_000, N * 50));
  try {
    let submitSeconds = 0;
    const seconds = await timed(async () => {
      submitSeconds = await timed(async () => {
        for (let i = 0; i < N; i++) await kelp.jobs.submit({ kind: 'diagnostic.noop', name: `bench-${i}` });
      });
      await waiter.done;
    });
    return { seconds, submitSeconds };
  } finally {
    waiter.cancel();
    await kelp.close({ drainMs: 200 });
  }
}

/**
 * Dispatch alone, without the submitter in the way: N jobs queued with no runtime running, then a
 * runtime started and timed until the queue is empty. Polls the table, as the runtime may finish
 * jobs before a listener could be attached.
 */
async function drain(config: KelpConfig): Promise<number> {
  const submitter = await openKelp(config);
  for (let i = 0; i < N; i++) await submitter.jobs.submit({ kind: 'diagnostic.noop', name: `drain-${i}` });
  await submitter.close();
  const start = process.hrtime.bigint();
  const kelp = await openKelp(config, { runJobs: true });
  try {
    for (const deadline = Date.now() + Math.max(60_000, N * 50); ; ) {
      const left = await kelp.meta.db
        .selectFrom('jobs')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .where('state', '!=', 'Completed')
        .groupBy('state')
        .execute();
      if (left.length === 0) return Number(process.hrtime.bigint() - start) / 1e9;
      if (left.some((r) => r.state === 'Failed')) throw new Error('a noop job failed');
      if (Date.now() > deadline) throw new Error(`jobs left after the deadline: ${JSON.stringify(left)}`);
      await sleep(25);
    }
  } finally {
    await kelp.close({ drainMs: 200 });
  }
}

async function measure(
  label: string,
  metaUrl: string | undefined,
  record: (m: Measurement) => void,
): Promise<void> {
  const dir = await tempDir('kelp-bench-jobs-');
  const config = loadConfig({ home: dir.path, logLevel: 'silent', ...(metaUrl ? { metaUrl } : {}) });
  try {
    const { seconds, submitSeconds } = await endToEnd(config);
    const at = `(concurrency ${config.jobConcurrency})`;
    const target = TARGET_JOBS_PER_S;
    record({ metric: `${label} submit → Completed ${at}`, value: N / seconds, unit: 'jobs/s', target });
    record({ metric: `${label} submit alone, sequential`, value: N / submitSeconds, unit: 'jobs/s' });
    record({
      metric: `${label} dispatch from full queue ${at}`,
      value: N / (await drain(config)),
      unit: 'jobs/s',
      target,
    });
  } finally {
    await dir.cleanup();
  }
}

export const jobsBench: Bench = {
  name: 'jobs',
  async run(record) {
    note(`jobs: ${N} noop jobs per database`);
    await measure('sqlite', undefined, record);
    const pg = await postgresOrSkip('jobs');
    if (!pg) return;
    try {
      await measure('postgres', pg.url, record);
    } finally {
      await pg.drop();
    }
  },
};
