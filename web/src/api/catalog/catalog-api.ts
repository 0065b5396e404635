import type {
  CatalogDatabase,
  CatalogPartition,
  CatalogTable,
  TableSample,
  TableVersion,
} from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { CatalogDatabase, CatalogPartition, CatalogTable, TableSample, TableVersion };

/** Every table with its column names, as `{ db: { table: [columns] } }` (what SQL completion takes). */
export type CatalogNamespace = Record<string, Record<string, string[]>>;

export const catalogApi = {
  databases: (): Promise<CatalogDatabase[]> => kelp.catalog.databases(),
  tables: (db: string): Promise<CatalogTable[]> => kelp.catalog.tables(db),
  table: (db: string, table: string): Promise<CatalogTable> => kelp.catalog.table(db, table),
  versions: (db: string, table: string): Promise<TableVersion[]> => kelp.catalog.versions(db, table),
  partitions: (db: string, table: string): Promise<CatalogPartition[]> => kelp.catalog.partitions(db, table),
  sample: (db: string, table: string, limit = 50): Promise<TableSample> =>
    kelp.catalog.sample(db, table, limit),
  deleteTable: (v: { db: string; table: string }): Promise<void> => kelp.catalog.deleteTable(v.db, v.table),
  async namespace(): Promise<CatalogNamespace> {
    const out: CatalogNamespace = {};
    for (const t of await kelp.catalog.schema()) {
      const db = out[t.database] ?? {};
      db[t.name] = t.columns;
      out[t.database] = db;
    }
    return out;
  },
};
