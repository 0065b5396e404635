export {
  type DuckDBConnection,
  type EngineOptions,
  openDuckDB,
  queryRows,
  sqlIdent,
  sqlString,
  sqlStringList,
  withDuckDB,
} from './duckdb.js';
export { type Frame, type FrameColumn, type FrameColumnKind, frameColumn, readFrame } from './frame.js';
export { type ColumnSchema, type ColumnType, duckType, glueType, mergeSchemas, type SchemaMerge, widenType } from './types.js';
