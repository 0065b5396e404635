import { type Static, Type } from 'typebox';

import { NAME } from './common.js';

/** Catalog names (databases, tables) as Athena accepts them unquoted: lowercase, digits, underscore. */
export const CATALOG_NAME = '^[a-z0-9_][a-z0-9_]{0,127}$';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const FileFormatSchema = Type.Union([
  Type.Literal('csv'),
  Type.Literal('json'),
  Type.Literal('parquet'),
  Type.Literal('recordio'),
  Type.Literal('postgresql'),
  Type.Literal('mysql'),
]);

export const ColumnSchema = Type.Object({
  name: Type.String(),
  type: Type.String({ description: 'Glue/Hive type: bigint, double, string, boolean, date, timestamp, ...' }),
  comment: Type.Optional(Type.String()),
});

export const CatalogDatabase = Type.Object({
  name: Type.String(),
  description: Type.String(),
  tableCount: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type CatalogDatabase = Static<typeof CatalogDatabase>;

export const CreateDatabaseBody = Type.Object({
  name: Type.String({ pattern: CATALOG_NAME }),
  description: Type.Optional(Type.String({ maxLength: 2048 })),
});
export type CreateDatabaseBody = Static<typeof CreateDatabaseBody>;

export const CatalogTable = Type.Object({
  database: Type.String(),
  name: Type.String(),
  description: Type.String(),
  location: Type.String({
    description: 'store://<prefix>/, a local folder, or connection://<name>/<schema>.<table>',
  }),
  format: FileFormatSchema,
  formatOptions: Type.Record(Type.String(), Type.Unknown()),
  columns: Type.Array(ColumnSchema),
  partitionKeys: Type.Array(ColumnSchema),
  parameters: Type.Record(Type.String(), Type.Unknown()),
  tags: Type.Record(Type.String(), Type.String()),
  rowCount: Nullable(Type.Number()),
  sizeBytes: Nullable(Type.Number()),
  fileCount: Nullable(Type.Integer()),
  partitionCount: Type.Integer(),
  version: Type.Integer(),
  deprecated: Type.Boolean(),
  crawler: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type CatalogTable = Static<typeof CatalogTable>;

export const CreateTableBody = Type.Object({
  name: Type.String({ pattern: CATALOG_NAME }),
  description: Type.Optional(Type.String({ maxLength: 2048 })),
  location: Type.String({ minLength: 1 }),
  format: FileFormatSchema,
  formatOptions: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  columns: Type.Array(ColumnSchema, { minItems: 1 }),
  partitionKeys: Type.Optional(Type.Array(ColumnSchema)),
  tags: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type CreateTableBody = Static<typeof CreateTableBody>;

export const UpdateTableBody = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 2048 })),
  columns: Type.Optional(Type.Array(ColumnSchema, { minItems: 1 })),
  tags: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type UpdateTableBody = Static<typeof UpdateTableBody>;

export const TableVersion = Type.Object({
  version: Type.Integer(),
  format: Type.String(),
  formatOptions: Type.Record(Type.String(), Type.Unknown()),
  columns: Type.Array(ColumnSchema),
  partitionKeys: Type.Array(ColumnSchema),
  reason: Type.String(),
  createdAt: Type.String(),
});
export type TableVersion = Static<typeof TableVersion>;

export const CatalogPartition = Type.Object({
  values: Type.Array(Type.String()),
  location: Type.String(),
  fileCount: Type.Integer(),
  sizeBytes: Type.Number(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type CatalogPartition = Static<typeof CatalogPartition>;

export const TableSample = Type.Object({
  columns: Type.Array(ColumnSchema),
  rows: Type.Array(Type.Array(Type.Unknown())),
});
export type TableSample = Static<typeof TableSample>;

export const SchemaChangePolicy = Type.Union([Type.Literal('update'), Type.Literal('log')]);
export const DeletePolicy = Type.Union([
  Type.Literal('log'),
  Type.Literal('deprecate'),
  Type.Literal('delete'),
]);
export const RecrawlPolicy = Type.Union([Type.Literal('everything'), Type.Literal('new-folders-only')]);

export const CrawlerConfig = Type.Object({
  /** Folder depth under the source at which tables start (1 = each top-level folder is a table). */
  tableLevel: Type.Integer({ minimum: 1, maximum: 16 }),
  exclusions: Type.Array(Type.String(), {
    description: 'globs relative to the source, e.g. "**/_archive/**"',
  }),
  schemaChangePolicy: SchemaChangePolicy,
  deletePolicy: DeletePolicy,
  recrawlPolicy: RecrawlPolicy,
  tablePrefix: Type.String(),
  /** Files sniffed per table for column types (others are checked by header/footer only). */
  sampleFiles: Type.Integer({ minimum: 1, maximum: 10000 }),
  /** For connection sources: "schema.table" LIKE patterns. */
  include: Type.Array(Type.String()),
});
export type CrawlerConfig = Static<typeof CrawlerConfig>;

export const Crawler = Type.Object({
  name: Type.String(),
  source: Type.String(),
  database: Type.String(),
  config: CrawlerConfig,
  schedule: Nullable(Type.String({ description: 'cron expression (5 or 6 fields)' })),
  lastJobId: Nullable(Type.String()),
  lastRun: Nullable(Type.Unknown()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Crawler = Static<typeof Crawler>;

export const CrawlBody = Type.Object({
  source: Type.String({ minLength: 1 }),
  database: Type.String({ pattern: CATALOG_NAME }),
  name: Type.Optional(Type.String({ pattern: NAME })),
  schedule: Type.Optional(Nullable(Type.String())),
  run: Type.Optional(Type.Boolean({ description: 'start a run now (default true)' })),
  tableLevel: Type.Optional(Type.Integer({ minimum: 1, maximum: 16 })),
  exclusions: Type.Optional(Type.Array(Type.String())),
  schemaChangePolicy: Type.Optional(SchemaChangePolicy),
  deletePolicy: Type.Optional(DeletePolicy),
  recrawlPolicy: Type.Optional(RecrawlPolicy),
  tablePrefix: Type.Optional(Type.String({ pattern: '^[a-z0-9_]{0,64}$' })),
  sampleFiles: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
  include: Type.Optional(Type.Array(Type.String())),
});
export type CrawlBody = Static<typeof CrawlBody>;

export const CrawlProblem = Type.Object({
  path: Type.String(),
  table: Type.Optional(Type.String()),
  problem: Type.String(),
});
export type CrawlProblem = Static<typeof CrawlProblem>;

export const CrawlSummary = Type.Object({
  tablesCreated: Type.Array(Type.String()),
  tablesUpdated: Type.Array(Type.String()),
  tablesDeleted: Type.Array(Type.String()),
  tablesDeprecated: Type.Array(Type.String()),
  partitionsAdded: Type.Integer(),
  partitionsRemoved: Type.Integer(),
  filesScanned: Type.Integer(),
  filesSkipped: Type.Integer(),
  problems: Type.Array(CrawlProblem),
  logOnly: Type.Array(Type.String({ description: 'changes not applied because of the policy' })),
});
export type CrawlSummary = Static<typeof CrawlSummary>;

export const CrawlerRun = Type.Object({
  jobId: Type.String(),
  jobName: Type.String(),
  crawler: Type.String(),
  state: Type.String(),
  summary: Nullable(CrawlSummary),
  startedAt: Type.String(),
  endedAt: Nullable(Type.String()),
});
export type CrawlerRun = Static<typeof CrawlerRun>;

export const QueryState = Type.Union([
  Type.Literal('Queued'),
  Type.Literal('Running'),
  Type.Literal('Succeeded'),
  Type.Literal('Failed'),
  Type.Literal('Cancelled'),
]);

export const Query = Type.Object({
  id: Type.String(),
  sql: Type.String(),
  database: Type.String(),
  state: QueryState,
  jobId: Nullable(Type.String()),
  jobName: Nullable(Type.String()),
  columns: Type.Array(ColumnSchema),
  rowCount: Nullable(Type.Number()),
  bytesScanned: Nullable(Type.Number()),
  engineMs: Nullable(Type.Number()),
  resultKeys: Nullable(Type.Object({ csv: Type.String(), parquet: Type.String() })),
  error: Nullable(Type.String()),
  submittedBy: Type.String(),
  createdAt: Type.String(),
  endedAt: Nullable(Type.String()),
});
export type Query = Static<typeof Query>;

export const StartQueryBody = Type.Object({
  sql: Type.String({ minLength: 1, maxLength: 262144 }),
  database: Type.Optional(Type.String({ pattern: CATALOG_NAME, description: 'for unqualified table names' })),
  timeoutSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 86400 })),
});
export type StartQueryBody = Static<typeof StartQueryBody>;

export const QueryResults = Type.Object({
  columns: Type.Array(ColumnSchema),
  rows: Type.Array(Type.Array(Type.Unknown())),
  nextOffset: Nullable(Type.Integer()),
});
export type QueryResults = Static<typeof QueryResults>;

export const ConnectionSchema = Type.Object({
  name: Type.String(),
  engine: Type.Union([Type.Literal('postgresql'), Type.Literal('mysql')]),
  host: Type.String(),
  port: Type.Integer(),
  database: Type.String(),
  user: Type.String(),
  hasPassword: Type.Boolean(),
  description: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Connection = Static<typeof ConnectionSchema>;

export const CreateConnectionBody = Type.Object({
  name: Type.String({ pattern: NAME }),
  engine: Type.Union([Type.Literal('postgresql'), Type.Literal('mysql')]),
  host: Type.String({ minLength: 1 }),
  port: Type.Optional(Type.Integer({ minimum: 1, maximum: 65535 })),
  database: Type.String({ minLength: 1 }),
  user: Type.String({ minLength: 1 }),
  password: Type.Optional(Type.String({ description: 'kept in the secret store; never returned' })),
  description: Type.Optional(Type.String({ maxLength: 2048 })),
});
export type CreateConnectionBody = Static<typeof CreateConnectionBody>;
