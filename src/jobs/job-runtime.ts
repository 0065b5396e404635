import { hostname } from 'node:os';

import { isAlive, type Logger, randomSuffix, silentLogger } from '../core/index.js';

import type { JobEvents } from './job-events.js';
import {
  defaultBackoff,
  isRetryable,
  type JobContext,
  type JobKind,
  type JobKindRegistry,
} from './job-kind.js';
import type { JobLogs } from './job-logs.js';
import type { JobFinish, JobQueue } from './job-queue.js';
import type { Job } from './job-types.js';
import { runInThread } from './thread-runner.js';
import { UsageMeter } from './usage-meter.js';

export interface JobRuntimeOptions {
  readonly queue: JobQueue;
  readonly kinds: JobKindRegistry;
  readonly logs: JobLogs;
  readonly events: JobEvents;
  /** Jobs run at once by this runtime. */
  readonly concurrency: number;
  readonly logger?: Logger;
  /** A job whose lease is not renewed for this long is considered lost (default 30 s). */
  readonly leaseMs?: number;
  /** How often to look for jobs enqueued by other processes (default 1 s; local submits wake it at once). */
  readonly pollMs?: number;
}

type AbortReason = 'stop' | 'timeout' | 'shutdown';

interface Running {
  job: Job;
  controller: AbortController;
  done: Promise<void>;
  progress?: { progress?: number; progressMessage?: string; statusMessage?: string };
  metrics: { name: string; value: number; step: number }[];
  nextStep: Map<string, number>;
}

/**
 * Claims jobs from the queue and runs them: inline kinds on this thread, thread kinds in worker
 * threads. Renews leases, relays stop requests, enforces MaxRuntimeInSeconds, retries retryable
 * failures with backoff and records what each attempt cost. On start it recovers jobs whose worker
 * died; on shutdown it hands running jobs back to the queue.
 */
export class JobRuntime {
  /** `<host>:<pid>:<random>`: lets a restarted process tell that a lease's owner is dead. */
  readonly owner = `${hostname()}:${process.pid}:${randomSuffix(8)}`;
  private readonly running = new Map<string, Running>();
  private readonly logger: Logger;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private loopTimer: NodeJS.Timeout | undefined;
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private dispatching: Promise<void> | undefined;
  private redispatch = false;
  private stopped = true;

  constructor(private readonly options: JobRuntimeOptions) {
    this.logger = options.logger ?? silentLogger();
    this.leaseMs = options.leaseMs ?? 30_000;
    this.pollMs = options.pollMs ?? 1000;
  }

  get runningCount(): number {
    return this.running.size;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.recover();
    this.loopTimer = setInterval(() => this.wake(), this.pollMs);
    this.flushTimer = setInterval(() => void this.flushProgress(), 250);
    // Heartbeats renew leases and carry stop requests made in other processes, so keep them brisk.
    this.heartbeatTimer = setInterval(
      () => void this.heartbeat(),
      Math.min(2000, Math.max(50, this.leaseMs / 3)),
    );
    // The sweeper: jobs whose worker died elsewhere (lease expired) are recovered while we run.
    this.sweepTimer = setInterval(
      () => void this.recover().catch((err) => this.logger.error({ err }, 'job sweep failed')),
      this.leaseMs,
    );
    this.wake();
  }

  /** Jobs whose worker died (lease expired, or owner process gone on this host) are re-queued or failed. */
  async recover(): Promise<Job[]> {
    const me = hostname();
    const recovered = await this.options.queue.recoverStalled((owner) => {
      const [host, pid, instance] = owner.split(':');
      if (owner === this.owner || host !== me) return false;
      return Number(pid) === process.pid ? instance !== this.owner.split(':')[2] : !isAlive(Number(pid));
    });
    for (const job of recovered) {
      this.logger.warn({ job: job.name, state: job.state }, 'recovered a job whose worker was lost');
      this.options.events.emit('event', { type: 'state', job });
    }
    return recovered;
  }

  /** Looks for work now (called after a local enqueue, and by the poll timer). */
  wake(): void {
    if (this.stopped) return;
    if (this.dispatching) {
      this.redispatch = true;
      return;
    }
    this.dispatching = this.dispatch()
      .catch((err) => this.logger.error({ err }, 'job dispatch failed'))
      .finally(() => {
        this.dispatching = undefined;
        if (this.redispatch) {
          this.redispatch = false;
          this.wake();
        }
      });
  }

  private async dispatch(): Promise<void> {
    while (!this.stopped) {
      const free = this.options.concurrency - this.running.size;
      if (free <= 0) return;
      const kinds = this.options.kinds.list().map((k) => k.kind);
      const jobs = await this.options.queue.claim(this.owner, kinds, free, this.leaseMs);
      if (jobs.length === 0) return;
      for (const job of jobs) this.launch(job);
    }
  }

  private launch(job: Job): void {
    const entry: Running = {
      job,
      controller: new AbortController(),
      done: Promise.resolve(),
      metrics: [],
      nextStep: new Map(),
    };
    this.running.set(job.id, entry);
    this.options.events.emit('event', { type: 'state', job });
    entry.done = this.execute(entry)
      .catch((err) => this.logger.error({ err, job: job.name }, 'job bookkeeping failed'))
      .finally(() => {
        this.running.delete(job.id);
        this.wake();
      });
  }

  private async execute(entry: Running): Promise<void> {
    const { job, controller } = entry;
    const kind = this.options.kinds.get(job.kind);
    const meter = new UsageMeter();
    const logs = this.options.logs;
    logs.begin(job.id, job.attempts);
    const timeout = job.maxRuntimeSeconds
      ? setTimeout(() => controller.abort('timeout' satisfies AbortReason), job.maxRuntimeSeconds * 1000)
      : undefined;
    const ctx = this.context(entry, meter);
    let finish: JobFinish;
    try {
      const result = await this.invoke(kind, ctx);
      finish = controller.signal.aborted
        ? this.abortedFinish(entry, undefined)
        : { state: 'Completed', statusMessage: 'Completed', result: result ?? null };
    } catch (err) {
      finish = controller.signal.aborted
        ? this.abortedFinish(entry, err)
        : this.failedFinish(entry, kind, err);
    } finally {
      if (timeout) clearTimeout(timeout);
    }
    if (finish.state === 'Failed' && finish.failureReason)
      logs.append(job.id, `Job failed: ${finish.failureReason}`);
    await this.flushProgress(entry);
    await logs.end(job.id);
    const cost = meter.stop();
    const released = controller.signal.reason === 'shutdown';
    const ended = await this.options.queue.finish(job.id, this.owner, {
      ...finish,
      cost,
      ...(released ? { releaseAttempt: true } : {}),
    });
    if (ended) this.options.events.emit('event', { type: 'state', job: ended });
    else
      this.logger.warn(
        { job: job.name },
        'lost the lease of a job before it finished; its result was dropped',
      );
  }

  private invoke(kind: JobKind, ctx: JobContext): Promise<unknown> {
    return kind.mode === 'inline' ? kind.run(ctx) : runInThread(kind.module, ctx);
  }

  private abortedFinish(entry: Running, err: unknown): JobFinish {
    const reason = entry.controller.signal.reason as AbortReason;
    if (reason === 'timeout') {
      return {
        state: 'Failed',
        statusMessage: 'MaxRuntimeExceeded',
        failureReason: `the job ran longer than MaxRuntimeInSeconds (${entry.job.maxRuntimeSeconds} s)`,
      };
    }
    if (reason === 'shutdown') {
      return { state: 'Pending', statusMessage: 'Re-queued: the worker shut down', runAfter: Date.now() };
    }
    return { state: 'Stopped', statusMessage: err ? 'Stopped' : 'Stopped (finished its current step)' };
  }

  private failedFinish(entry: Running, kind: JobKind, err: unknown): JobFinish {
    const message = err instanceof Error ? err.message : String(err);
    const { job } = entry;
    if (isRetryable(err) && job.attempts < job.maxAttempts) {
      const delay = (kind.backoff ?? defaultBackoff)(job.attempts);
      return {
        state: 'Pending',
        statusMessage: `Retrying in ${Math.round(delay / 100) / 10} s after error (attempt ${job.attempts} of ${job.maxAttempts}): ${message}`,
        runAfter: Date.now() + delay,
        failureReason: message,
      };
    }
    return { state: 'Failed', statusMessage: 'Failed', failureReason: message };
  }

  private context(entry: Running, meter: UsageMeter): JobContext {
    const { job } = entry;
    const events = this.options.events;
    const emitProgress = () => {
      const p = entry.progress ?? {};
      events.emit('event', {
        type: 'progress',
        jobId: job.id,
        project: job.project,
        name: job.name,
        progress: p.progress ?? job.progress,
        progressMessage: p.progressMessage ?? job.progressMessage,
        statusMessage: p.statusMessage ?? job.statusMessage,
      });
    };
    return {
      job: { id: job.id, name: job.name, kind: job.kind, project: job.project, attempt: job.attempts },
      input: job.input,
      signal: entry.controller.signal,
      log: (text) => this.options.logs.append(job.id, text),
      progress: (percent, message) => {
        entry.progress = {
          ...entry.progress,
          progress: Math.max(0, Math.min(100, Number(percent) || 0)),
          ...(message !== undefined ? { progressMessage: message } : {}),
        };
        emitProgress();
      },
      status: (message) => {
        entry.progress = { ...entry.progress, statusMessage: message };
        emitProgress();
      },
      metric: (name, value, step) => {
        const s = step ?? entry.nextStep.get(name) ?? 0;
        entry.nextStep.set(name, s + 1);
        entry.metrics.push({ name, value, step: s });
        events.emit('event', {
          type: 'metric',
          jobId: job.id,
          metric: { name, value, step: s, timestamp: new Date().toISOString() },
        });
      },
      reportUsage: (usage) => meter.report(usage),
    };
  }

  /** Writes coalesced progress and buffered metrics (at most every 250 ms per job). */
  private async flushProgress(only?: Running): Promise<void> {
    const entries = only ? [only] : [...this.running.values()];
    for (const entry of entries) {
      const { progress, metrics } = entry;
      entry.progress = undefined;
      entry.metrics = [];
      try {
        if (progress) await this.options.queue.updateProgress(entry.job.id, progress);
        if (metrics.length) await this.options.queue.addMetrics(entry.job.id, metrics);
      } catch (err) {
        this.logger.error({ err, job: entry.job.name }, 'could not record job progress');
      }
    }
  }

  private async heartbeat(): Promise<void> {
    const ids = [...this.running.keys()];
    if (ids.length === 0) return;
    try {
      const stops = await this.options.queue.heartbeat(this.owner, ids, this.leaseMs);
      for (const id of stops) this.running.get(id)?.controller.abort('stop' satisfies AbortReason);
    } catch (err) {
      this.logger.error({ err }, 'job heartbeat failed');
    }
  }

  /** Notices a stop request at once when the job runs here (otherwise the next heartbeat does). */
  notifyStop(jobId: string): void {
    if (this.running.has(jobId)) void this.heartbeat();
  }

  /**
   * Stops taking work, asks running jobs to stop, waits up to `drainMs`, and hands any job still
   * running back to the queue (Pending, attempt not counted) so another worker or a restart runs it.
   */
  async shutdown(drainMs = 5000): Promise<void> {
    this.stopped = true;
    for (const t of [this.loopTimer, this.flushTimer, this.heartbeatTimer, this.sweepTimer])
      if (t) clearInterval(t);
    await this.dispatching;
    const all = [...this.running.values()];
    for (const r of all) r.controller.abort('shutdown' satisfies AbortReason);
    await Promise.race([
      Promise.all(all.map((r) => r.done)),
      new Promise((resolve) => setTimeout(resolve, drainMs).unref()),
    ]);
  }
}
