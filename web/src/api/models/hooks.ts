import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';

import { jobKeys, TERMINAL_STATES, useJobs } from '../jobs/index.js';
import { modelsApi } from './models-api.js';

export const modelKeys = {
  all: ['models'] as const,
  list: () => [...modelKeys.all, 'list'] as const,
  detail: (name: string) => [...modelKeys.all, 'detail', name] as const,
  algorithms: ['algorithms'] as const,
};

/** The built-in algorithms change only when the server is upgraded. */
export function useAlgorithms() {
  return useQuery({ queryKey: modelKeys.algorithms, queryFn: modelsApi.algorithms, staleTime: 5 * 60_000 });
}

export function useModels() {
  return useQuery({ queryKey: modelKeys.list(), queryFn: modelsApi.list });
}

export function useModel(name: string) {
  return useQuery({ queryKey: modelKeys.detail(name), queryFn: () => modelsApi.get(name) });
}

/**
 * Training jobs still going (polled with the jobs list). When the set changes a job has ended and
 * may have registered its model, so the models list is refreshed.
 */
export function useTrainingNow() {
  const client = useQueryClient();
  const jobs = useJobs({ kind: 'training', limit: 20 });
  const running = jobs.data?.jobs.filter((j) => !TERMINAL_STATES.has(j.state)) ?? [];
  const names = running.map((j) => j.name).join(' ');
  const previous = useRef(names);
  useEffect(() => {
    if (previous.current === names) return;
    previous.current = names;
    void client.invalidateQueries({ queryKey: modelKeys.list() });
  }, [names, client]);
  return running;
}

/** Starts training; the model appears in the list once its job completes, so jobs are refreshed. */
export function useTrainModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: modelsApi.train,
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useCompileModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: modelsApi.compile,
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useScoreWithModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: modelsApi.predict,
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useDeleteModel() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: modelsApi.remove,
    // The list only: the deleted model's own query would answer 404 while its page is still open.
    onSuccess: () => client.invalidateQueries({ queryKey: modelKeys.list() }),
  });
}
