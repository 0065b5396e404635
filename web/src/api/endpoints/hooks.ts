import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { BUSY_STATES, type Endpoint, endpointsApi } from './endpoints-api.js';
import { TRAFFIC_WINDOW_SECONDS } from './traffic.js';

export const endpointKeys = {
  all: ['endpoints'] as const,
  list: () => [...endpointKeys.all, 'list'] as const,
  detail: (name: string) => [...endpointKeys.all, 'detail', name] as const,
  metrics: (name: string) => [...endpointKeys.all, 'metrics', name] as const,
  configs: ['endpoint-configs'] as const,
  configList: () => [...endpointKeys.configs, 'list'] as const,
  config: (name: string) => [...endpointKeys.configs, 'detail', name] as const,
};

/** Polled every second while an endpoint is on its way somewhere (Creating, Updating, Deleting). */
const BUSY_POLL_MS = 1000;
/** A steady endpoint's page still refreshes its counters, at the metrics' bucket size. */
const STEADY_POLL_MS = 5000;

const busy = (e: Endpoint | undefined) => e !== undefined && BUSY_STATES.has(e.status);

export function useEndpoints() {
  return useQuery({
    queryKey: endpointKeys.list(),
    queryFn: endpointsApi.list,
    refetchInterval: (q) => (q.state.data?.some(busy) ? BUSY_POLL_MS : false),
  });
}

export function useEndpoint(name: string) {
  return useQuery({
    queryKey: endpointKeys.detail(name),
    queryFn: () => endpointsApi.get(name),
    // Not after an error: a deleted endpoint would be asked for again and again.
    refetchInterval: (q) => (q.state.error ? false : busy(q.state.data) ? BUSY_POLL_MS : STEADY_POLL_MS),
  });
}

/** The last TRAFFIC_WINDOW_SECONDS of traffic in 5-second buckets, refetched as each bucket fills. */
export function useEndpointMetrics(name: string) {
  return useQuery({
    queryKey: endpointKeys.metrics(name),
    queryFn: () => endpointsApi.metrics(name, TRAFFIC_WINDOW_SECONDS),
    refetchInterval: (q) => (q.state.error ? false : STEADY_POLL_MS),
  });
}

export function useEndpointConfigs() {
  return useQuery({ queryKey: endpointKeys.configList(), queryFn: endpointsApi.configs });
}

/** A config never changes once created (a deploy makes a new one), so it is read once. */
export function useEndpointConfig(name: string) {
  return useQuery({
    queryKey: endpointKeys.config(name),
    queryFn: () => endpointsApi.config(name),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** Creates the config and the endpoint (or updates it); the endpoint's page starts from the answer. */
export function useDeployEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: endpointsApi.deploy,
    onSuccess: (endpoint) => {
      client.setQueryData(endpointKeys.detail(endpoint.name), endpoint);
      void client.invalidateQueries({ queryKey: endpointKeys.list() });
      void client.invalidateQueries({ queryKey: endpointKeys.configList() });
    },
  });
}

export function useDeleteEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: endpointsApi.remove,
    // The list only: the deleted endpoint's own queries would answer 404 while its page is still open.
    onSuccess: () => client.invalidateQueries({ queryKey: endpointKeys.list() }),
  });
}

/** Sends one request; the counters and charts are refreshed after it, failed or not. */
export function useInvokeEndpoint() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: endpointsApi.invoke,
    onSettled: (_data, _error, v) => {
      void client.invalidateQueries({ queryKey: endpointKeys.detail(v.name) });
      void client.invalidateQueries({ queryKey: endpointKeys.metrics(v.name) });
    },
  });
}
