import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';

import {
  type JobBody,
  type JobLogLineBody,
  type JobMetricBody,
  jobsApi,
  type ListJobsQuery,
  TERMINAL_STATES,
} from './jobs-api.js';

export const jobKeys = {
  all: ['jobs'] as const,
  list: (q: ListJobsQuery) => [...jobKeys.all, 'list', q] as const,
  detail: (name: string) => [...jobKeys.all, 'detail', name] as const,
  metrics: (name: string) => [...jobKeys.all, 'metrics', name] as const,
  history: (name: string) => [...jobKeys.all, 'history', name] as const,
  kinds: ['job-kinds'] as const,
};

export function useJobs(query: ListJobsQuery, refetchMs = 3000) {
  return useQuery({
    queryKey: jobKeys.list(query),
    queryFn: () => jobsApi.list(query),
    refetchInterval: refetchMs,
  });
}

export function useJobKinds() {
  return useQuery({ queryKey: jobKeys.kinds, queryFn: () => jobsApi.kinds(), staleTime: 60_000 });
}

export function useJobHistory(name: string, state: string | undefined) {
  return useQuery({ queryKey: [...jobKeys.history(name), state], queryFn: () => jobsApi.history(name) });
}

export function useSubmitJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: jobsApi.submit,
    onSuccess: () => client.invalidateQueries({ queryKey: jobKeys.all }),
  });
}

export function useStopJob() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: jobsApi.stop,
    onSuccess: (job) => {
      client.setQueryData(jobKeys.detail(job.name), job);
      void client.invalidateQueries({ queryKey: jobKeys.all });
    },
  });
}

/**
 * A job kept live: the description is fetched once, then the job's event stream (state, progress,
 * metrics) updates it in place until the job ends.
 */
export function useLiveJob(name: string) {
  const client = useQueryClient();
  const query = useQuery({ queryKey: jobKeys.detail(name), queryFn: () => jobsApi.get(name) });
  const [metrics, setMetrics] = useState<JobMetricBody[]>([]);
  useEffect(() => {
    let cancelled = false;
    // Stored metrics are the truth; live ones fill in between. Refetched when the job ends, so a
    // metric written before the stream opened is never missing.
    const load = () =>
      void jobsApi.metrics(name).then(
        (m) => !cancelled && setMetrics(m),
        () => undefined,
      );
    load();
    const source = new EventSource(jobsApi.eventsUrl(name));
    const patch = (fields: Partial<JobBody>) =>
      client.setQueryData<JobBody>(jobKeys.detail(name), (old) => (old ? { ...old, ...fields } : old));
    source.addEventListener('state', (e) => {
      const job = JSON.parse((e as MessageEvent<string>).data) as JobBody;
      client.setQueryData(jobKeys.detail(name), job);
      if (TERMINAL_STATES.has(job.state)) {
        source.close();
        load();
        void client.invalidateQueries({ queryKey: jobKeys.history(name) });
      }
    });
    source.addEventListener('progress', (e) => {
      const p = JSON.parse((e as MessageEvent<string>).data) as Pick<
        JobBody,
        'progress' | 'progressMessage' | 'statusMessage'
      >;
      patch({ progress: p.progress, progressMessage: p.progressMessage, statusMessage: p.statusMessage });
    });
    source.addEventListener('metric', (e) => {
      const { metric } = JSON.parse((e as MessageEvent<string>).data) as { metric: JobMetricBody };
      setMetrics((old) =>
        old.some((m) => m.name === metric.name && m.step === metric.step) ? old : [...old, metric],
      );
    });
    return () => {
      cancelled = true;
      source.close();
    };
  }, [name, client]);
  return { ...query, metrics };
}

/** The job's log lines, stored ones first, then live ones as they are written. */
export function useLiveLog(name: string) {
  const [lines, setLines] = useState<JobLogLineBody[]>([]);
  const [ended, setEnded] = useState<string | undefined>();
  useEffect(() => {
    setLines([]);
    setEnded(undefined);
    let last: string | undefined;
    const source = new EventSource(jobsApi.followLogUrl(name));
    source.addEventListener('log', (e) => {
      const line = JSON.parse((e as MessageEvent<string>).data) as JobLogLineBody;
      if (last && line.seq <= last) return; // replayed after a reconnect
      last = line.seq;
      setLines((old) => [...old, line]);
    });
    source.addEventListener('end', (e) => {
      setEnded((JSON.parse((e as MessageEvent<string>).data) as { state: string }).state);
      source.close();
    });
    return () => source.close();
  }, [name]);
  return { lines, ended };
}
