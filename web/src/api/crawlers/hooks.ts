import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { catalogKeys } from '../catalog/index.js';
import { ACTIVE_RUN_STATES, type CrawlerRun, type CrawlerView, crawlersApi } from './crawlers-api.js';

export const crawlerKeys = {
  all: ['crawlers'] as const,
  list: () => [...crawlerKeys.all, 'list'] as const,
  detail: (name: string) => [...crawlerKeys.all, 'detail', name] as const,
  runs: (name: string) => [...crawlerKeys.all, 'runs', name] as const,
};

const POLL_MS = 500;

export function useCrawlers() {
  return useQuery({
    queryKey: crawlerKeys.list(),
    queryFn: crawlersApi.list,
    // Poll only while some crawler runs; otherwise the list is quiet.
    refetchInterval: (q) =>
      q.state.data?.some((c: CrawlerView) => c.lastRun && ACTIVE_RUN_STATES.has(c.lastRun.state))
        ? POLL_MS
        : false,
  });
}

export function useCrawler(name: string) {
  return useQuery({ queryKey: crawlerKeys.detail(name), queryFn: () => crawlersApi.get(name) });
}

/** Runs newest first, polled while one is going; a run ending refreshes the catalog it changed. */
export function useCrawlerRuns(name: string) {
  const client = useQueryClient();
  return useQuery({
    queryKey: crawlerKeys.runs(name),
    queryFn: async () => {
      const previous = client.getQueryData<CrawlerRun[]>(crawlerKeys.runs(name));
      const runs = await crawlersApi.runs(name);
      const ended = runs.some(
        (r) =>
          !ACTIVE_RUN_STATES.has(r.state) &&
          previous?.some((p) => p.jobId === r.jobId && ACTIVE_RUN_STATES.has(p.state)),
      );
      if (ended) void client.invalidateQueries({ queryKey: catalogKeys.all });
      return runs;
    },
    refetchInterval: (q) =>
      q.state.data?.some((r: CrawlerRun) => ACTIVE_RUN_STATES.has(r.state)) ? POLL_MS : false,
  });
}

export function useCreateCrawler() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: crawlersApi.create,
    onSuccess: () => client.invalidateQueries({ queryKey: crawlerKeys.all }),
  });
}

export function useStartCrawler() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: crawlersApi.start,
    onSuccess: () => client.invalidateQueries({ queryKey: crawlerKeys.all }),
  });
}

export function useDeleteCrawler() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: crawlersApi.remove,
    // The list only: the deleted crawler's own queries would answer 404 while its page is open.
    onSuccess: () => client.invalidateQueries({ queryKey: crawlerKeys.list() }),
  });
}
