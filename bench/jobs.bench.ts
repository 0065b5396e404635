/**
 * Empty-job dispatch rate of the embedded runtime: submit N `diagnostic.noop` jobs and time until
 * all are Completed. The figure is the runtime's own overhead (claim, run, finish, events) per job.
 */
import { type Kelp, openKelp } from '../src/app/index.js';
import { loadConfig } from '../src/core/index.js';
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

async function measure(
  label: string,
  metaUrl: string | undefined,
  record: (m: Measurement) => void,
): Promise<void> {
  const dir = await tempDir('kelp-bench-jobs-');
  const config = loadConfig({ home: dir.path, logLevel: 'silent', ...(metaUrl ? { metaUrl } : {}) });
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
    const metric = `${label} noop jobs submitted → Completed (concurrency ${config.jobConcurrency})`;
    record({ metric, value: N / seconds, unit: 'jobs/s', target: TARGET_JOBS_PER_S });
    record({ metric: `${label} submit alone`, value: N / submitSeconds, unit: 'jobs/s' });
  } finally {
    waiter.cancel();
    await kelp.close({ drainMs: 200 });
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
