import { TypedEvents } from '../core/index.js';
import type { Job, JobLogLine, JobMetric } from './job-types.js';

/** What observers (SSE streams, the CLI's --follow, the console's tray) see of jobs. */
export type JobEvent =
  | { readonly type: 'state'; readonly job: Job }
  | {
      readonly type: 'progress';
      readonly jobId: string;
      readonly project: string;
      readonly name: string;
      readonly progress: number;
      readonly progressMessage: string;
      readonly statusMessage: string;
    }
  | { readonly type: 'log'; readonly jobId: string; readonly line: JobLogLine }
  | { readonly type: 'metric'; readonly jobId: string; readonly metric: JobMetric };

export class JobEvents extends TypedEvents<{ event: [JobEvent] }> {}
