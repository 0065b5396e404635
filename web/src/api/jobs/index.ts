export {
  jobKeys,
  useJobHistory,
  useJobKinds,
  useJobs,
  useLiveJob,
  useLiveLog,
  useStopJob,
  useSubmitJob,
} from './hooks.js';
export {
  type JobBody,
  type JobLogLineBody,
  type JobMetricBody,
  jobsApi,
  TERMINAL_STATES,
} from './jobs-api.js';
