export {
  queryKeys,
  RESULTS_PAGE,
  useCancelQuery,
  useQueryExecution,
  useQueryHistory,
  useQueryResults,
  useStartQuery,
} from './hooks.js';
export {
  ACTIVE_QUERY_STATES,
  type Query,
  type QueryResults,
  type QueryState,
  queriesApi,
  queryDurationMs,
  type StartQueryBody,
} from './queries-api.js';
