export {
  type CatalogDatabase,
  type CatalogNamespace,
  type CatalogPartition,
  type CatalogTable,
  catalogApi,
  type TableSample,
  type TableVersion,
} from './catalog-api.js';
export {
  catalogKeys,
  useCatalogNamespace,
  useDatabases,
  useDeleteTable,
  usePartitions,
  useTable,
  useTableSample,
  useTables,
  useTableVersions,
} from './hooks.js';
