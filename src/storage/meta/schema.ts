import type { Generated } from 'kysely';

/** Row types of the metadata store. Times are epoch milliseconds; JSON columns hold text. */
export interface JobsTable {
  id: string;
  project: string;
  name: string;
  kind: string;
  state: string;
  status_message: Generated<string>;
  progress: Generated<number>;
  progress_message: Generated<string>;
  input: string;
  result: string | null;
  failure_reason: string | null;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  max_runtime_seconds: number | null;
  priority: Generated<number>;
  run_after: number;
  lease_owner: string | null;
  lease_expires_at: number | null;
  stop_requested: Generated<number>;
  created_by: string;
  tags: Generated<string>;
  created_at: number;
  updated_at: number;
  started_at: number | null;
  ended_at: number | null;
  wall_seconds: number | null;
  cpu_seconds: number | null;
  peak_memory_bytes: number | null;
}

export interface JobHistoryTable {
  job_id: string;
  seq: number;
  state: string;
  status_message: string;
  at: number;
}

export interface JobMetricsTable {
  job_id: string;
  name: string;
  value: number;
  step: number;
  at: number;
}

export interface AuditEventsTable {
  id: string;
  at: number;
  principal: string;
  action: string;
  resource: string;
  project: string;
  outcome: string;
  error_code: string | null;
  request_id: string | null;
  details: Generated<string>;
}

export interface SecretsTable {
  project: string;
  name: string;
  ciphertext: string;
  iv: string;
  tag: string;
  description: Generated<string>;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface CatalogDatabasesTable {
  id: string;
  project: string;
  name: string;
  description: Generated<string>;
  created_at: number;
  updated_at: number;
}

/** JSON text columns: format_options, columns, partition_keys, parameters, tags. */
export interface CatalogTablesTable {
  id: string;
  database_id: string;
  name: string;
  description: Generated<string>;
  location: string;
  format: string;
  format_options: Generated<string>;
  columns: string;
  partition_keys: Generated<string>;
  parameters: Generated<string>;
  tags: Generated<string>;
  row_count: number | null;
  size_bytes: number | null;
  file_count: number | null;
  version: number;
  deprecated: Generated<number>;
  crawler: string | null;
  created_at: number;
  updated_at: number;
}

export interface CatalogTableVersionsTable {
  table_id: string;
  version: number;
  format: string;
  format_options: string;
  columns: string;
  partition_keys: string;
  reason: Generated<string>;
  created_at: number;
}

export interface CatalogPartitionsTable {
  table_id: string;
  /** The values joined with U+0001: unique per table. */
  values_key: string;
  values: string;
  location: string;
  file_count: number;
  size_bytes: number;
  created_at: number;
  updated_at: number;
}

export interface CatalogCrawlersTable {
  id: string;
  project: string;
  name: string;
  source: string;
  database_name: string;
  config: string;
  schedule: string | null;
  last_job_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface CatalogCrawlerRunsTable {
  job_id: string;
  crawler_id: string;
  state: string;
  summary: Generated<string>;
  started_at: number;
  ended_at: number | null;
}

export interface CatalogQueriesTable {
  id: string;
  project: string;
  sql: string;
  database_name: string;
  state: string;
  job_id: string | null;
  columns: Generated<string>;
  row_count: number | null;
  bytes_scanned: number | null;
  engine_ms: number | null;
  result_key: string | null;
  error: string | null;
  submitted_by: string;
  created_at: number;
  ended_at: number | null;
}

export interface CatalogConnectionsTable {
  id: string;
  project: string;
  name: string;
  engine: string;
  host: string;
  port: number;
  database_name: string;
  user_name: string;
  secret_name: string | null;
  description: Generated<string>;
  created_at: number;
  updated_at: number;
}

export interface ModelsTable {
  id: string;
  project: string;
  name: string;
  algorithm: string;
  kind: string;
  artifact_key: string;
  job_id: string | null;
  target: string | null;
  classes: Generated<string>;
  metrics: Generated<string>;
  hyperparameters: Generated<string>;
  schema: Generated<string>;
  data_source: Generated<string>;
  /** JSON: FeatureImportance or null. */
  feature_importance: Generated<string>;
  created_by: string;
  created_at: number;
}

export interface EndpointConfigsTable {
  id: string;
  project: string;
  name: string;
  /** JSON: Variant[]. */
  variants: string;
  /** JSON: Variant[]. */
  shadow_variants: Generated<string>;
  /** JSON: DataCapture or null. */
  data_capture: Generated<string>;
  created_by: string;
  created_at: number;
}

export interface EndpointsTable {
  id: string;
  project: string;
  name: string;
  config_name: string;
  status: string;
  failure_reason: string | null;
  created_by: string;
  created_at: number;
  updated_at: number;
}

export interface Database {
  jobs: JobsTable;
  job_history: JobHistoryTable;
  job_metrics: JobMetricsTable;
  audit_events: AuditEventsTable;
  secrets: SecretsTable;
  catalog_databases: CatalogDatabasesTable;
  catalog_tables: CatalogTablesTable;
  catalog_table_versions: CatalogTableVersionsTable;
  catalog_partitions: CatalogPartitionsTable;
  catalog_crawlers: CatalogCrawlersTable;
  catalog_crawler_runs: CatalogCrawlerRunsTable;
  catalog_queries: CatalogQueriesTable;
  catalog_connections: CatalogConnectionsTable;
  models: ModelsTable;
  endpoint_configs: EndpointConfigsTable;
  endpoints: EndpointsTable;
}
