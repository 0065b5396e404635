import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';

import { catalogApi } from './catalog-api.js';

export const catalogKeys = {
  all: ['catalog'] as const,
  databases: () => [...catalogKeys.all, 'databases'] as const,
  tables: (db: string) => [...catalogKeys.all, 'tables', db] as const,
  table: (db: string, table: string) => [...catalogKeys.all, 'table', db, table] as const,
  versions: (db: string, table: string) => [...catalogKeys.table(db, table), 'versions'] as const,
  partitions: (db: string, table: string) => [...catalogKeys.table(db, table), 'partitions'] as const,
  sample: (db: string, table: string) => [...catalogKeys.table(db, table), 'sample'] as const,
  namespace: () => [...catalogKeys.all, 'namespace'] as const,
};

export function useDatabases() {
  return useQuery({ queryKey: catalogKeys.databases(), queryFn: catalogApi.databases });
}

export function useTables(db: string | undefined) {
  return useQuery({
    queryKey: catalogKeys.tables(db ?? ''),
    queryFn: () => catalogApi.tables(db!),
    enabled: Boolean(db),
  });
}

export function useTable(db: string, table: string) {
  return useQuery({ queryKey: catalogKeys.table(db, table), queryFn: () => catalogApi.table(db, table) });
}

export function useTableVersions(db: string, table: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.versions(db, table),
    queryFn: () => catalogApi.versions(db, table),
    enabled,
  });
}

export function usePartitions(db: string, table: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.partitions(db, table),
    queryFn: () => catalogApi.partitions(db, table),
    enabled,
  });
}

/** The first 50 rows; runs a small query on the server, so only when asked for. */
export function useTableSample(db: string, table: string, enabled: boolean) {
  return useQuery({
    queryKey: catalogKeys.sample(db, table),
    queryFn: () => catalogApi.sample(db, table, 50),
    enabled,
    staleTime: 60_000,
  });
}

/** Table and column names for SQL completion. */
export function useCatalogNamespace() {
  return useQuery({ queryKey: catalogKeys.namespace(), queryFn: catalogApi.namespace, staleTime: 30_000 });
}

export function useDeleteTable() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: catalogApi.deleteTable,
    // Lists only: the deleted table's own queries would answer 404 while its page is still open.
    onSuccess: () =>
      client.invalidateQueries({ queryKey: catalogKeys.all, predicate: (q) => q.queryKey[1] !== 'table' }),
  });
}
