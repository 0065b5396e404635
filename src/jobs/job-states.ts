import { invalidState } from '../core/index.js';

/** The closed set of job states (SageMaker's training-job statuses). */
export const JOB_STATES = ['Pending', 'InProgress', 'Completed', 'Failed', 'Stopping', 'Stopped'] as const;
export type JobState = (typeof JOB_STATES)[number];

/**
 * Every allowed state change, in one table. InProgress → Pending is a retry or a re-queue after the
 * worker was lost; Pending → Failed covers jobs that cannot start (unknown kind, bad input).
 */
export const JOB_TRANSITIONS: Readonly<Record<JobState, readonly JobState[]>> = {
  Pending: ['InProgress', 'Stopped', 'Failed'],
  InProgress: ['Completed', 'Failed', 'Stopping', 'Pending'],
  Stopping: ['Stopped', 'Completed', 'Failed'],
  Completed: [],
  Failed: [],
  Stopped: [],
};

export function isTerminal(state: JobState): boolean {
  return JOB_TRANSITIONS[state].length === 0;
}

export function isJobState(value: string): value is JobState {
  return (JOB_STATES as readonly string[]).includes(value);
}

export function assertTransition(jobName: string, from: JobState, to: JobState): void {
  if (!JOB_TRANSITIONS[from].includes(to)) {
    throw invalidState(`job '${jobName}' cannot go from ${from} to ${to}`, { from, to });
  }
}
