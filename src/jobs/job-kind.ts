import { invalidArgument, PlatformError } from '../core/index.js';

/** What a running job can do and see. The same shape in-process and inside a worker thread. */
export interface JobContext<Input = unknown> {
  readonly job: {
    readonly id: string;
    readonly name: string;
    readonly kind: string;
    readonly project: string;
    readonly attempt: number;
  };
  readonly input: Input;
  /** Aborted when the job is stopped or runs past MaxRuntimeInSeconds. */
  readonly signal: AbortSignal;
  log(text: string): void;
  /** `percent` 0-100. */
  progress(percent: number, message?: string): void;
  /** Secondary status text ("Downloading", "Training", ...). */
  status(message: string): void;
  metric(name: string, value: number, step?: number): void;
  /** For work done outside this process (child processes): CPU seconds and peak memory it used. */
  reportUsage(usage: { cpuSeconds?: number; peakMemoryBytes?: number }): void;
}

export type JobProcessor<Input = unknown, Result = unknown> = (ctx: JobContext<Input>) => Promise<Result>;

interface JobKindBase<Input> {
  readonly kind: string;
  readonly description: string;
  /** Checks and normalizes input at enqueue time; throw `invalid_argument` naming the field. */
  readonly parseInput?: (input: unknown) => Input;
  /** Attempts in all when a job does not say (default 1: no retry). */
  readonly defaultMaxAttempts?: number;
  /** Delay before retry `attempt` (1-based count of failures so far), in ms. */
  readonly backoff?: (attempt: number) => number;
}

/** Runs on the main thread: I/O-bound work, or work that spawns child processes. */
export interface InlineJobKind<Input = unknown, Result = unknown> extends JobKindBase<Input> {
  readonly mode: 'inline';
  readonly run: JobProcessor<Input, Result>;
}

/** Runs in a worker thread: CPU-heavy work. `module` exports `run` as a JobProcessor. */
export interface ThreadJobKind<Input = unknown> extends JobKindBase<Input> {
  readonly mode: 'thread';
  /** URL of the module (see `siblingModule`). */
  readonly module: string;
}

export type JobKind<Input = unknown, Result = unknown> = InlineJobKind<Input, Result> | ThreadJobKind<Input>;

/** A failure that retrying cannot fix (bad input, missing data): the job fails at once. */
export class NonRetryableError extends PlatformError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('invalid_argument', message, details);
    this.name = 'NonRetryableError';
  }
}

export function isRetryable(err: unknown): boolean {
  if (err instanceof PlatformError) {
    return ![
      'invalid_argument',
      'not_found',
      'permission_denied',
      'unauthenticated',
      'already_exists',
    ].includes(err.code);
  }
  return true;
}

/** Exponential backoff with jitter: 1 s, 2 s, 4 s ... capped at 60 s. */
export function defaultBackoff(attempt: number): number {
  const base = Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

/** The URL of a module next to `importMetaUrl`, with the extension the caller runs under (.ts or .js). */
export function siblingModule(importMetaUrl: string, baseName: string): string {
  const ext = importMetaUrl.endsWith('.ts') ? '.ts' : '.js';
  return new URL(`./${baseName}${ext}`, importMetaUrl).href;
}

/** Job kinds by name. Domain modules register theirs at startup. */
export class JobKindRegistry {
  private readonly kinds = new Map<string, JobKind>();

  register<Input, Result>(kind: JobKind<Input, Result>): void {
    if (!/^[a-z][a-z0-9.-]{0,62}$/.test(kind.kind)) throw new Error(`invalid job kind name '${kind.kind}'`);
    if (this.kinds.has(kind.kind)) throw new Error(`job kind '${kind.kind}' is already registered`);
    this.kinds.set(kind.kind, kind as JobKind);
  }

  get(kind: string): JobKind {
    const found = this.kinds.get(kind);
    if (!found) {
      throw invalidArgument(`unknown job kind '${kind}'; known kinds: ${[...this.kinds.keys()].join(', ')}`, {
        field: 'kind',
      });
    }
    return found;
  }

  has(kind: string): boolean {
    return this.kinds.has(kind);
  }

  list(): JobKind[] {
    return [...this.kinds.values()];
  }
}
