import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { connectionsApi } from './connections-api.js';

export const connectionKeys = {
  all: ['connections'] as const,
  list: () => [...connectionKeys.all, 'list'] as const,
};

export function useConnections() {
  return useQuery({ queryKey: connectionKeys.list(), queryFn: connectionsApi.list });
}

export function useCreateConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: connectionsApi.create,
    onSuccess: () => client.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}

export function useDeleteConnection() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: connectionsApi.remove,
    onSuccess: () => client.invalidateQueries({ queryKey: connectionKeys.all }),
  });
}

/** Connects to the database once; the answer is the server version (or the mutation's error). */
export function useTestConnection() {
  return useMutation({ mutationFn: connectionsApi.test });
}
