import assert from 'node:assert/strict';
import { hostname } from 'node:os';
import { after, before, describe, it } from 'node:test';

import { type Kelp, openKelp } from '../../src/app/index.js';
import { loadConfig } from '../../src/core/index.js';
import { JobRuntime, type JobService } from '../../src/jobs/index.js';
import { tempDir, waitFor } from '../helpers/index.js';

/** The job runtime's behaviour, on one metadata backend. */
export function describeJobRuntimeContract(name: string, metaUrl: () => string): void {
  describe(`job runtime on ${name}`, () => {
    let kelp: Kelp;
    let jobs: JobService;
    let cleanup: () => Promise<void>;
    before(async () => {
      const dir = await tempDir();
      cleanup = dir.cleanup;
      kelp = await openKelp(
        loadConfig({ home: dir.path, metaUrl: metaUrl(), jobConcurrency: 4, logLevel: 'silent' }),
        {
          runJobs: true,
          jobLeaseMs: 1500,
        },
      );
      jobs = kelp.jobs;
    });
    after(async () => {
      await kelp.close({ drainMs: 100 });
      await cleanup();
    });

    it('runs a job to Completed with progress, logs, metrics, history and cost', async () => {
      const events: string[] = [];
      const off = jobs.events.on('event', (e) => events.push(e.type));
      const job = await jobs.submit({
        kind: 'diagnostic.sleep',
        input: { seconds: 0.2, steps: 4 },
        name: 'sleepy',
      });
      assert.equal(job.state, 'Pending');
      assert.equal(job.resourceName, 'kelp:default:job/sleepy');
      const done = await jobs.waitUntilDone('default', 'sleepy', 10_000);
      off();
      assert.equal(done.state, 'Completed');
      assert.equal(done.progress, 100);
      assert.deepEqual(done.result, { steps: 4 });
      assert.ok(done.cost.wallSeconds! >= 0.2, `wall ${done.cost.wallSeconds}`);
      assert.ok(done.cost.cpuSeconds !== null && done.cost.peakMemoryBytes! > 0);
      const lines = await jobs.logLines('default', 'sleepy');
      assert.deepEqual(
        lines.map((l) => l.text),
        ['step 1 of 4', 'step 2 of 4', 'step 3 of 4', 'step 4 of 4'],
      );
      const metrics = await jobs.metrics('default', 'sleepy');
      assert.deepEqual(
        metrics.map((m) => m.step),
        [1, 2, 3, 4],
      );
      const history = await jobs.history('default', 'sleepy');
      assert.deepEqual(
        history.map((h) => h.state),
        ['Pending', 'InProgress', 'Completed'],
      );
      assert.ok(events.includes('progress') && events.includes('log') && events.includes('metric'));
    });

    it('a duplicate name is already_exists and bad input names the field', async () => {
      await jobs.submit({ kind: 'diagnostic.noop', name: 'dup' });
      await assert.rejects(jobs.submit({ kind: 'diagnostic.noop', name: 'dup' }), { code: 'already_exists' });
      await assert.rejects(
        jobs.submit({ kind: 'diagnostic.sleep', input: { seconds: -1 } }),
        /input.seconds/,
      );
      await assert.rejects(
        jobs.submit({ kind: 'no-such-kind' }),
        /unknown job kind 'no-such-kind'; known kinds/,
      );
    });

    it('stop moves a running job to Stopped, and a pending one at once', async () => {
      await jobs.submit({ kind: 'diagnostic.sleep', input: { seconds: 30, steps: 30 }, name: 'to-stop' });
      await waitFor(
        async () => (await jobs.get('default', 'to-stop')).state === 'InProgress',
        5000,
        'InProgress',
      );
      const stopping = await jobs.stop('default', 'to-stop');
      assert.ok(['Stopping', 'Stopped'].includes(stopping.state));
      const done = await jobs.waitUntilDone('default', 'to-stop', 10_000);
      assert.equal(done.state, 'Stopped');
      await assert.rejects(jobs.stop('default', 'to-stop'), { code: 'invalid_state' });
    });

    it('MaxRuntimeInSeconds fails a job that runs too long', async () => {
      await jobs.submit({
        kind: 'diagnostic.sleep',
        input: { seconds: 30 },
        name: 'too-long',
        maxRuntimeSeconds: 0.3,
      });
      const done = await jobs.waitUntilDone('default', 'too-long', 10_000);
      assert.equal(done.state, 'Failed');
      assert.match(done.failureReason ?? '', /MaxRuntimeInSeconds/);
    });

    it('retries a failing job with backoff, then completes', async () => {
      await jobs.submit({
        kind: 'diagnostic.sleep',
        input: { seconds: 0, steps: 1, failAttempts: 2 },
        name: 'flaky',
        maxAttempts: 3,
      });
      const done = await jobs.waitUntilDone('default', 'flaky', 10_000);
      assert.equal(done.state, 'Completed');
      assert.equal(done.attempts, 3);
      const states = (await jobs.history('default', 'flaky')).map((h) => h.state);
      assert.deepEqual(states, [
        'Pending',
        'InProgress',
        'Pending',
        'InProgress',
        'Pending',
        'InProgress',
        'Completed',
      ]);
    });

    it('fails when attempts run out', async () => {
      await jobs.submit({
        kind: 'diagnostic.sleep',
        input: { seconds: 0, steps: 1, failAttempts: 5 },
        name: 'broken',
        maxAttempts: 2,
      });
      const done = await jobs.waitUntilDone('default', 'broken', 10_000);
      assert.equal(done.state, 'Failed');
      assert.match(done.failureReason ?? '', /planned failure on attempt 2/);
    });

    it('runs CPU-heavy work in a worker thread while the event loop stays free', async () => {
      await jobs.submit({ kind: 'diagnostic.cpu', input: { seconds: 0.8 }, name: 'burn' });
      await waitFor(
        async () => (await jobs.get('default', 'burn')).state === 'InProgress',
        5000,
        'InProgress',
      );
      const t0 = performance.now();
      let ticks = 0;
      while (performance.now() - t0 < 400) {
        await new Promise((r) => setTimeout(r, 10));
        ticks++;
      }
      assert.ok(ticks > 15, `event loop ticked only ${ticks} times in 400 ms`);
      const done = await jobs.waitUntilDone('default', 'burn', 15_000);
      assert.equal(done.state, 'Completed', done.failureReason ?? '');
      assert.ok(done.cost.cpuSeconds! > 0.3, `thread cpu ${done.cost.cpuSeconds}`);
    });

    it('runs a script in a child process and keeps its output as the log', async () => {
      await jobs.submit({
        kind: 'script',
        name: 'hello-script',
        input: {
          command: process.execPath,
          args: ['-e', 'console.log("hello"); console.error("oops"); process.exit(0)'],
        },
      });
      const done = await jobs.waitUntilDone('default', 'hello-script', 15_000);
      assert.equal(done.state, 'Completed', done.failureReason ?? '');
      const texts = (await jobs.logLines('default', 'hello-script')).map((l) => l.text).sort();
      assert.deepEqual(texts, ['hello', 'oops']);
      await jobs.submit({
        kind: 'script',
        name: 'bad-exit',
        input: { command: 'sh', args: ['-c', 'exit 3'] },
      });
      const bad = await jobs.waitUntilDone('default', 'bad-exit', 15_000);
      assert.equal(bad.state, 'Failed');
      assert.match(bad.failureReason ?? '', /exited with code 3/);
    });

    it('respects the concurrency limit', async () => {
      let peak = 0;
      const runtime = kelp.runtime!;
      const timer = setInterval(() => {
        peak = Math.max(peak, runtime.runningCount);
      }, 5);
      for (let i = 0; i < 10; i++)
        await jobs.submit({ kind: 'diagnostic.sleep', input: { seconds: 0.15, steps: 1 }, name: `par-${i}` });
      for (let i = 0; i < 10; i++) await jobs.waitUntilDone('default', `par-${i}`, 15_000);
      clearInterval(timer);
      assert.ok(peak <= 4 && peak >= 2, `peak concurrency ${peak}`);
    });

    it('re-queues a job whose worker process died, and fails it when attempts are used up', async () => {
      const queue = jobs.queue;
      // Two jobs claimed by a "process" on this host that no longer exists.
      const deadOwner = `${hostname()}:999999:deadbeef`;
      await queue.enqueue({
        kind: 'diagnostic.noop',
        project: 'default',
        name: 'orphan-retry',
        maxAttempts: 2,
      });
      await queue.enqueue({
        kind: 'diagnostic.noop',
        project: 'default',
        name: 'orphan-fail',
        maxAttempts: 1,
      });
      const claimed = await queue.claim(deadOwner, ['diagnostic.noop'], 10, 60_000);
      assert.ok(claimed.some((j) => j.name === 'orphan-retry'));
      const other = new JobRuntime({
        queue,
        kinds: jobs.kinds,
        logs: jobs.logs,
        events: jobs.events,
        concurrency: 0,
      });
      const recovered = await other.recover();
      const byName = new Map(recovered.map((j) => [j.name, j]));
      assert.equal(byName.get('orphan-retry')?.state, 'Pending');
      assert.equal(byName.get('orphan-fail')?.state, 'Failed');
      assert.equal(byName.get('orphan-fail')?.failureReason, 'worker lost');
      const retried = await jobs.waitUntilDone('default', 'orphan-retry', 10_000);
      assert.equal(retried.state, 'Completed');
    });

    it('lists with filters and cursor pagination', async () => {
      const page1 = await jobs.list({ project: 'default', kind: 'diagnostic.sleep', limit: 3 });
      assert.equal(page1.jobs.length, 3);
      assert.ok(page1.nextCursor);
      const page2 = await jobs.list({
        project: 'default',
        kind: 'diagnostic.sleep',
        limit: 3,
        cursor: page1.nextCursor!,
      });
      const names = new Set([...page1.jobs, ...page2.jobs].map((j) => j.name));
      assert.equal(names.size, 6);
      const failed = await jobs.list({ project: 'default', state: 'Failed' });
      assert.ok(failed.jobs.every((j) => j.state === 'Failed') && failed.jobs.length >= 2);
    });
  });
}
