import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';

import { ACTIVE_QUERY_STATES, type Query, queriesApi } from './queries-api.js';

export const queryKeys = {
  all: ['queries'] as const,
  history: () => [...queryKeys.all, 'history'] as const,
  detail: (id: string) => [...queryKeys.all, 'detail', id] as const,
  results: (id: string) => [...queryKeys.all, 'results', id] as const,
};

const POLL_MS = 250;
export const RESULTS_PAGE = 200;

const isActive = (q: Query | undefined) => q !== undefined && ACTIVE_QUERY_STATES.has(q.state);

/** One query, polled until it ends; its end refreshes the history. */
export function useQueryExecution(id: string | undefined) {
  const client = useQueryClient();
  const query = useQuery({
    queryKey: queryKeys.detail(id ?? ''),
    queryFn: () => queriesApi.get(id!),
    enabled: Boolean(id),
    refetchInterval: (q) => (isActive(q.state.data) ? POLL_MS : false),
  });
  const state = query.data?.state;
  useEffect(() => {
    if (state && !ACTIVE_QUERY_STATES.has(state))
      void client.invalidateQueries({ queryKey: queryKeys.history() });
  }, [state, client]);
  return query;
}

/** Result rows of a succeeded query, a page at a time ("Load more" asks for the next offset). */
export function useQueryResults(query: Query | undefined) {
  const id = query?.id ?? '';
  return useInfiniteQuery({
    queryKey: queryKeys.results(id),
    queryFn: ({ pageParam }) => queriesApi.results(id, pageParam, RESULTS_PAGE),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextOffset ?? undefined,
    enabled: query?.state === 'Succeeded',
    staleTime: Number.POSITIVE_INFINITY, // a finished query's results never change
  });
}

export function useQueryHistory(limit = 50) {
  return useQuery({
    queryKey: queryKeys.history(),
    queryFn: () => queriesApi.list(limit),
    refetchInterval: (q) => (q.state.data?.some(isActive) ? 1000 : false),
  });
}

export function useStartQuery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: queriesApi.start,
    onSuccess: (q) => {
      client.setQueryData(queryKeys.detail(q.id), q);
      void client.invalidateQueries({ queryKey: queryKeys.history() });
    },
  });
}

export function useCancelQuery() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: queriesApi.cancel,
    onSuccess: (q) => {
      client.setQueryData(queryKeys.detail(q.id), q);
      void client.invalidateQueries({ queryKey: queryKeys.history() });
    },
  });
}
