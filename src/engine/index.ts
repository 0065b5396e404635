export {
  type DuckDBConnection,
  type DuckDBInstance,
  type EngineOptions,
  FreshDuckDB,
  openDuckDB,
  queryRows,
  sqlIdent,
  sqlString,
  sqlStringList,
  withDuckDB,
} from './duckdb.js';
export { type ConvertOptions, type ConvertResult, convertFile } from './formats/convert.js';
export { csvError } from './formats/csv-errors.js';
export {
  COPY_OPTIONS,
  FILE_FORMATS,
  type FileFormat,
  type FormatOptions,
  formatFromPath,
  requireFormat,
  SUPPORTED_EXTENSIONS,
} from './formats/file-format.js';
export { type InferredSchema, inferFileSchema } from './formats/infer-schema.js';
export * as recordio from './formats/recordio/index.js';
export {
  appendRecordFilesToTable,
  appendRecordsToTable,
  writeRowsAsRecords,
} from './formats/recordio-table.js';
export { castProjection, type ScanOptions, scanSql } from './formats/scan.js';
export { type Frame, type FrameColumn, type FrameColumnKind, frameColumn, readFrame } from './frame.js';
export {
  type ColumnSchema,
  type ColumnType,
  duckType,
  glueType,
  mergeSchemas,
  type SchemaMerge,
  widenType,
} from './types.js';
export { type OutputColumn, writeColumnsToFile } from './write-columns.js';
