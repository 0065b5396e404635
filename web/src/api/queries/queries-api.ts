import type { Query, QueryResults, StartQueryBody } from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { Query, QueryResults, StartQueryBody };

export type QueryState = Query['state'];

/** States a query can still leave. */
export const ACTIVE_QUERY_STATES: ReadonlySet<QueryState> = new Set(['Queued', 'Running']);

export const queriesApi = {
  start: (body: StartQueryBody): Promise<Query> => kelp.queries.start(body),
  get: (id: string): Promise<Query> => kelp.queries.get(id),
  list: (limit = 50): Promise<Query[]> => kelp.queries.list(limit),
  cancel: (id: string): Promise<Query> => kelp.queries.cancel(id),
  results: (id: string, offset: number, limit: number): Promise<QueryResults> =>
    kelp.queries.results(id, offset, limit),
};

/** Wall time of a query: from submission to its end (or to now while it runs), in ms. */
export function queryDurationMs(q: Query, now = Date.now()): number {
  return (q.endedAt ? Date.parse(q.endedAt) : now) - Date.parse(q.createdAt);
}
