import {
  DEFAULT_PROJECT,
  generatedName,
  invalidArgument,
  validateName,
  validateProject,
} from '../core/index.js';
import type { JobEvents } from './job-events.js';
import type { JobKindRegistry } from './job-kind.js';
import type { JobLogs } from './job-logs.js';
import type { JobQueue } from './job-queue.js';
import type { JobRuntime } from './job-runtime.js';
import { isTerminal } from './job-states.js';
import type {
  Job,
  JobFilter,
  JobHistoryEntry,
  JobLogLine,
  JobMetric,
  JobPage,
  JobSpec,
} from './job-types.js';

export interface JobKindInfo {
  readonly kind: string;
  readonly description: string;
  readonly mode: 'inline' | 'thread';
}

/** The jobs domain's public service: what the API, the CLI and other domains call. */
export class JobService {
  constructor(
    readonly queue: JobQueue,
    readonly kinds: JobKindRegistry,
    readonly logs: JobLogs,
    readonly events: JobEvents,
    private readonly runtime?: JobRuntime,
  ) {}

  /** Validates the spec against its kind and queues the job. */
  async submit(spec: JobSpec): Promise<Job> {
    const kind = this.kinds.get(spec.kind);
    const project = validateProject(spec.project ?? DEFAULT_PROJECT);
    const name = validateName(spec.name ?? generatedName(spec.kind.replace(/\./g, '-')));
    const input = kind.parseInput ? kind.parseInput(spec.input ?? {}) : (spec.input ?? {});
    const maxAttempts = spec.maxAttempts ?? kind.defaultMaxAttempts ?? 1;
    if (!Number.isInteger(maxAttempts) || maxAttempts < 1 || maxAttempts > 100) {
      throw invalidArgument('maxAttempts must be a whole number from 1 to 100', { field: 'maxAttempts' });
    }
    if (spec.maxRuntimeSeconds !== undefined && !(spec.maxRuntimeSeconds > 0)) {
      throw invalidArgument('maxRuntimeSeconds must be greater than 0', { field: 'maxRuntimeSeconds' });
    }
    const job = await this.queue.enqueue({ ...spec, kind: kind.kind, project, name, input, maxAttempts });
    this.events.emit('event', { type: 'state', job });
    this.runtime?.wake();
    return job;
  }

  get(project: string, name: string): Promise<Job> {
    return this.queue.get(project, name);
  }

  getById(id: string): Promise<Job> {
    return this.queue.getById(id);
  }

  list(filter: JobFilter): Promise<JobPage> {
    return this.queue.list(filter);
  }

  async stop(project: string, name: string): Promise<Job> {
    const job = await this.queue.requestStop(project, name);
    this.events.emit('event', { type: 'state', job });
    this.runtime?.notifyStop(job.id);
    return job;
  }

  /** Stored lines plus, for a job running in this process, lines not yet flushed. */
  async logLines(project: string, name: string, afterSeq?: string): Promise<JobLogLine[]> {
    const job = await this.queue.get(project, name);
    const stored = await this.logs.read(job.id, afterSeq);
    const last = stored.at(-1)?.seq ?? afterSeq ?? '';
    return [...stored, ...this.logs.pending(job.id).filter((l) => l.seq > last)];
  }

  async metrics(project: string, name: string, metric?: string): Promise<JobMetric[]> {
    const job = await this.queue.get(project, name);
    return this.queue.metrics(job.id, metric);
  }

  async history(project: string, name: string): Promise<JobHistoryEntry[]> {
    const job = await this.queue.get(project, name);
    return this.queue.history(job.id);
  }

  kindInfos(): JobKindInfo[] {
    return this.kinds.list().map((k) => ({ kind: k.kind, description: k.description, mode: k.mode }));
  }

  /** Resolves with the job once it reaches a terminal state. */
  async waitUntilDone(project: string, name: string, timeoutMs = 0): Promise<Job> {
    const started = Date.now();
    for (;;) {
      const job = await this.queue.get(project, name);
      if (isTerminal(job.state)) return job;
      if (timeoutMs && Date.now() - started > timeoutMs) return job;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, 250);
        const off = this.events.on('event', (e) => {
          if (e.type === 'state' && e.job.id === job.id && isTerminal(e.job.state)) done();
        });
        function done() {
          clearTimeout(timer);
          off();
          resolve();
        }
      });
    }
  }
}
