export {
  insertUnique,
  type MetaDb,
  type MetaDialectName,
  type MetaStore,
  type MetaStoreFactory,
  type MetaTx,
  openMetaStore,
  registerMetaStore,
  runMigrations,
} from './meta-store.js';
export type * from './schema.js';
