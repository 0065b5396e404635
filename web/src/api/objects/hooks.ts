import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { objectsApi } from './objects-api.js';

export const objectKeys = {
  all: ['objects'] as const,
  list: (prefix: string) => [...objectKeys.all, 'list', prefix] as const,
  info: (key: string) => [...objectKeys.all, 'info', key] as const,
  csvPreview: (key: string, rows: number) => [...objectKeys.all, 'csv-preview', key, rows] as const,
};

/** Pages of one folder, fetched as the list scrolls. */
export function useObjectList(prefix: string) {
  return useInfiniteQuery({
    queryKey: objectKeys.list(prefix),
    queryFn: ({ pageParam }) => objectsApi.list(prefix, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor,
  });
}

export function useObjectInfo(key: string) {
  return useQuery({ queryKey: objectKeys.info(key), queryFn: () => objectsApi.head(key) });
}

/** The header and first rows of a CSV object (read once; a written output does not change). */
export function useCsvPreview(key: string, rows: number) {
  return useQuery({
    queryKey: objectKeys.csvPreview(key, rows),
    queryFn: () => objectsApi.csvPreview(key, rows),
    staleTime: 60_000,
  });
}

export function useDeleteObject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (key: string) => objectsApi.remove(key),
    onSuccess: () => client.invalidateQueries({ queryKey: objectKeys.all }),
  });
}

export function useUploadObject() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (v: { key: string; file: File; onProgress: (f: number) => void }) =>
      objectsApi.upload(v.key, v.file, v.onProgress),
    onSuccess: () => client.invalidateQueries({ queryKey: objectKeys.all }),
  });
}
