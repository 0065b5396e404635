import type {
  JobBody,
  JobLogLineBody,
  JobMetricBody,
  JobPageBody,
  ListJobsQuery,
  SubmitJobBody,
} from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { JobBody, JobLogLineBody, JobMetricBody, JobPageBody, ListJobsQuery, SubmitJobBody };

export const TERMINAL_STATES = new Set(['Completed', 'Failed', 'Stopped']);

export const jobsApi = {
  list: (query: ListJobsQuery) => kelp.jobs.list(query),
  get: (name: string) => kelp.jobs.get(name),
  submit: (spec: SubmitJobBody) => kelp.jobs.submit(spec),
  stop: (name: string) => kelp.jobs.stop(name),
  metrics: (name: string) => kelp.jobs.metrics(name),
  history: (name: string) => kelp.jobs.history(name),
  kinds: () => kelp.jobs.kinds(),
  /** Server-sent events of one job's log (EventSource reconnects by itself after a drop). */
  followLogUrl: (name: string, after?: string) =>
    `/api/v1/jobs/${encodeURIComponent(name)}/logs?follow=true${after ? `&after=${encodeURIComponent(after)}` : ''}`,
  eventsUrl: (name: string) => `/api/v1/jobs/${encodeURIComponent(name)}/events`,
};
