import type { ObjectStore } from '../storage/index.js';
import type { JobEvents } from './job-events.js';
import type { JobLogLine } from './job-types.js';

/** Where job logs live in the object store. */
export const JOB_LOG_PREFIX = 'kelp-system/jobs';

const FLUSH_MS = 1000;
const FLUSH_BYTES = 256 * 1024;

export function logSeq(attempt: number, line: number): string {
  return `${String(attempt).padStart(4, '0')}-${String(line).padStart(10, '0')}`;
}

interface OpenLog {
  attempt: number;
  next: number;
  pending: JobLogLine[];
  bytes: number;
  flushing: Promise<void>;
  timer: NodeJS.Timeout | undefined;
}

/**
 * Job logs, stored as objects: one chunk per flush at `<prefix>/<job id>/logs/<first seq>.log`, each
 * line `<ISO time> <text>`. Lines are flushed every second (or 256 KiB), so a crash loses at most
 * the last second; live lines are also published as events for followers in this process.
 */
export class JobLogs {
  private readonly open = new Map<string, OpenLog>();

  constructor(
    private readonly store: ObjectStore,
    private readonly events: JobEvents,
  ) {}

  /** Starts a log for one attempt of a job. */
  begin(jobId: string, attempt: number): void {
    this.open.set(jobId, {
      attempt,
      next: 0,
      pending: [],
      bytes: 0,
      flushing: Promise.resolve(),
      timer: undefined,
    });
  }

  append(jobId: string, text: string): void {
    const log = this.open.get(jobId);
    if (!log) return;
    for (const part of text.split(/\r?\n/)) {
      const line: JobLogLine = {
        seq: logSeq(log.attempt, log.next++),
        at: new Date().toISOString(),
        text: part,
      };
      log.pending.push(line);
      log.bytes += part.length + 30;
      this.events.emit('event', { type: 'log', jobId, line });
    }
    if (log.bytes >= FLUSH_BYTES) void this.flush(jobId);
    else log.timer ??= setTimeout(() => void this.flush(jobId), FLUSH_MS);
  }

  /** Writes pending lines as one chunk object. Chunks are written one at a time, in order. */
  flush(jobId: string): Promise<void> {
    const log = this.open.get(jobId);
    if (!log) return Promise.resolve();
    if (log.timer) clearTimeout(log.timer);
    log.timer = undefined;
    const lines = log.pending;
    log.pending = [];
    log.bytes = 0;
    if (lines.length === 0) return log.flushing;
    const body = lines.map((l) => `${l.at} ${l.text}\n`).join('');
    log.flushing = log.flushing
      .then(() =>
        this.store.put(`${JOB_LOG_PREFIX}/${jobId}/logs/${lines[0]!.seq}.log`, body, {
          contentType: 'text/plain',
        }),
      )
      .then(
        () => undefined,
        () => undefined, // a failed log write must not fail the job; the lines stay in the event stream
      );
    return log.flushing;
  }

  /** Flushes and forgets the log of a finished attempt. */
  async end(jobId: string): Promise<void> {
    await this.flush(jobId);
    this.open.delete(jobId);
  }

  /** Lines not yet written to the store (for followers joining a running job). */
  pending(jobId: string): JobLogLine[] {
    return [...(this.open.get(jobId)?.pending ?? [])];
  }

  /** Reads stored lines with seq greater than `afterSeq`, in order. */
  async read(jobId: string, afterSeq?: string): Promise<JobLogLine[]> {
    const keys: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.store.list({
        prefix: `${JOB_LOG_PREFIX}/${jobId}/logs/`,
        ...(cursor ? { cursor } : {}),
      });
      keys.push(...page.objects.map((o) => o.key));
      cursor = page.nextCursor;
    } while (cursor);
    const out: JobLogLine[] = [];
    for (const [i, key] of keys.entries()) {
      const first = key.slice(key.lastIndexOf('/') + 1, -'.log'.length);
      const nextFirst = keys[i + 1]?.slice(keys[i + 1]!.lastIndexOf('/') + 1, -'.log'.length);
      if (afterSeq && nextFirst && nextFirst <= afterSeq && nextFirst.slice(0, 4) === first.slice(0, 4))
        continue;
      const { body } = await this.store.get(key);
      let text = '';
      for await (const chunk of body) text += chunk.toString();
      const [attempt, startLine] = first.split('-').map(Number) as [number, number];
      text
        .replace(/\n$/, '')
        .split('\n')
        .forEach((raw, j) => {
          const seq = logSeq(attempt, startLine + j);
          if (afterSeq && seq <= afterSeq) return;
          const space = raw.indexOf(' ');
          out.push({ seq, at: raw.slice(0, space), text: raw.slice(space + 1) });
        });
    }
    return out;
  }
}
