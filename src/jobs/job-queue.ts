import type { JobState } from './job-states.js';
import type { Job, JobFilter, JobHistoryEntry, JobMetric, JobPage, JobSpec } from './job-types.js';

/** Fields a worker updates on a running job. */
export interface JobProgressPatch {
  readonly progress?: number;
  readonly progressMessage?: string;
  readonly statusMessage?: string;
}

export interface JobFinish {
  readonly state: Extract<JobState, 'Completed' | 'Failed' | 'Stopped' | 'Pending'>;
  readonly statusMessage: string;
  readonly result?: unknown;
  readonly failureReason?: string;
  /** For a retry (state Pending): earliest time to run again, epoch ms. */
  readonly runAfter?: number;
  readonly cost?: { wallSeconds: number; cpuSeconds: number | null; peakMemoryBytes: number | null };
  /** Back to Pending without counting this attempt (the worker shut down, not the job's fault). */
  readonly releaseAttempt?: boolean;
}

/**
 * Durable job queue. The embedded default keeps it in the metadata store (`SqlJobQueue`); a
 * BullMQ/Redis backend for many worker machines implements the same interface, so domain code and
 * the runtime never know which one runs.
 *
 * Contract:
 * - `enqueue` fails with `already_exists` for a duplicate name in the project.
 * - `claim` atomically moves up to `limit` due Pending jobs of the given kinds to InProgress, counts
 *   an attempt and gives `owner` a lease until `now + leaseMs`. Two claimers never get one job.
 * - `heartbeat` extends the leases `owner` holds and returns the ids whose stop was requested.
 * - `finish` applies a transition from the job's current state (table in job-states.ts) only if
 *   `owner` still holds the lease; it returns false when the lease was lost (job recovered elsewhere).
 * - `recoverStalled` re-queues (attempts left) or fails with "worker lost" every InProgress or
 *   Stopping job whose lease expired or whose owner `isOwnerGone` says is dead.
 */
export interface JobQueue {
  enqueue(spec: Required<Pick<JobSpec, 'kind' | 'project' | 'name'>> & JobSpec): Promise<Job>;
  get(project: string, name: string): Promise<Job>;
  getById(id: string): Promise<Job>;
  list(filter: JobFilter): Promise<JobPage>;
  /** Pending → Stopped at once; InProgress → Stopping (the worker sees it at its next heartbeat). */
  requestStop(project: string, name: string): Promise<Job>;
  claim(owner: string, kinds: readonly string[], limit: number, leaseMs: number): Promise<Job[]>;
  heartbeat(owner: string, ids: readonly string[], leaseMs: number): Promise<string[]>;
  updateProgress(id: string, patch: JobProgressPatch): Promise<void>;
  finish(id: string, owner: string, finish: JobFinish): Promise<Job | undefined>;
  recoverStalled(isOwnerGone: (owner: string) => boolean): Promise<Job[]>;
  addMetrics(id: string, metrics: readonly Omit<JobMetric, 'timestamp'>[]): Promise<void>;
  metrics(id: string, name?: string): Promise<JobMetric[]>;
  history(id: string): Promise<JobHistoryEntry[]>;
}
