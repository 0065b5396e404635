export { listSourceTables, loadSourceTable, testConnection } from './database-sources.js';
export {
  type ConnectionSpec,
  DATABASE_ENGINES,
  type DatabaseEngine,
  type SourceTable,
} from './source-types.js';
export { mysqlGlueType, postgresGlueType } from './type-mapping.js';
