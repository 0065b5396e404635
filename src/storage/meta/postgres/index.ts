export { openPostgresMetaStore, PostgresMetaStore } from './postgres-meta-store.js';
