export { openSqliteMetaStore, SqliteMetaStore, sqlitePathFromUrl } from './sqlite-meta-store.js';
