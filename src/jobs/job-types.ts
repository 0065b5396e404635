import type { JobState } from './job-states.js';

/** What a job cost: wall time, CPU time and peak memory of the work it ran. */
export interface JobCost {
  readonly wallSeconds: number | null;
  readonly cpuSeconds: number | null;
  readonly peakMemoryBytes: number | null;
}

export interface Job {
  readonly id: string;
  readonly project: string;
  readonly name: string;
  /** `kelp:<project>:job/<name>` */
  readonly resourceName: string;
  readonly kind: string;
  readonly state: JobState;
  /** Secondary status: what the job is doing now, in words. */
  readonly statusMessage: string;
  /** 0-100 */
  readonly progress: number;
  readonly progressMessage: string;
  readonly input: unknown;
  readonly result: unknown;
  readonly failureReason: string | null;
  readonly attempts: number;
  readonly maxAttempts: number;
  readonly maxRuntimeSeconds: number | null;
  readonly priority: number;
  readonly stopRequested: boolean;
  readonly createdBy: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly startedAt: string | null;
  readonly endedAt: string | null;
  readonly cost: JobCost;
}

export interface JobSpec {
  readonly kind: string;
  readonly project?: string;
  /** Unique per project; generated from the kind when absent. */
  readonly name?: string;
  readonly input?: unknown;
  /** Attempts in all, counting the first (default: the kind's default, else 1). */
  readonly maxAttempts?: number;
  /** SageMaker's MaxRuntimeInSeconds: the job fails once it has run this long. */
  readonly maxRuntimeSeconds?: number;
  /** Lower runs first (default 0). */
  readonly priority?: number;
  readonly tags?: Record<string, string>;
  readonly createdBy?: string;
}

export interface JobMetric {
  readonly name: string;
  readonly value: number;
  readonly step: number;
  readonly timestamp: string;
}

export interface JobHistoryEntry {
  readonly state: JobState;
  readonly statusMessage: string;
  readonly at: string;
}

export interface JobFilter {
  readonly project?: string;
  readonly kind?: string;
  readonly state?: JobState;
  /** Case-insensitive substring of the name. */
  readonly nameContains?: string;
  readonly limit?: number;
  readonly cursor?: string;
}

export interface JobPage {
  readonly jobs: readonly Job[];
  readonly nextCursor?: string;
}

/** One log line of a job. `seq` orders lines across attempts: `<attempt>-<line>` zero-padded. */
export interface JobLogLine {
  readonly seq: string;
  readonly at: string;
  readonly text: string;
}
