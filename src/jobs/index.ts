export { cpuKind, noopKind, sleepKind } from './builtin/diagnostic-kinds.js';
export { type ScriptInput, scriptKind } from './builtin/script-kind.js';
export { type JobEvent, JobEvents } from './job-events.js';
export {
  defaultBackoff,
  type InlineJobKind,
  isRetryable,
  type JobContext,
  type JobKind,
  JobKindRegistry,
  type JobProcessor,
  NonRetryableError,
  siblingModule,
  type ThreadJobKind,
} from './job-kind.js';
export { JOB_LOG_PREFIX, JobLogs } from './job-logs.js';
export type { JobFinish, JobProgressPatch, JobQueue } from './job-queue.js';
export { JobRuntime, type JobRuntimeOptions } from './job-runtime.js';
export { type JobKindInfo, JobService } from './job-service.js';
export {
  assertTransition,
  isJobState,
  isTerminal,
  JOB_STATES,
  JOB_TRANSITIONS,
  type JobState,
} from './job-states.js';
export type {
  Job,
  JobCost,
  JobFilter,
  JobHistoryEntry,
  JobLogLine,
  JobMetric,
  JobPage,
  JobSpec,
} from './job-types.js';
export { SqlJobQueue } from './sql-job-queue.js';
export { runInThread } from './thread-runner.js';
