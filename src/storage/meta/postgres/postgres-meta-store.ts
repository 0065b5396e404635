import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

import { type MetaDb, type MetaStore, type MetaTx, runMigrations } from '../meta-store.js';
import type { Database as Schema } from '../schema.js';

// BIGINT (int8) columns hold epoch milliseconds and counters well inside 2^53: read them as numbers.
const types = {
  getTypeParser: (oid: number, format?: 'text' | 'binary') =>
    oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format ?? 'text'),
};

export class PostgresMetaStore implements MetaStore {
  readonly dialect = 'postgres' as const;
  readonly db: MetaDb;
  readonly pool: pg.Pool;

  constructor(readonly url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10, types });
    // An idle connection the server drops (restart, admin kill) must not crash the process; the
    // pool replaces it on the next query.
    this.pool.on('error', () => undefined);
    this.db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool: this.pool }) });
  }

  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  forUpdate<Q extends { forUpdate(): Q }>(query: Q): Q {
    return query.forUpdate();
  }

  isUniqueViolation(err: unknown): boolean {
    return (err as { code?: string }).code === '23505';
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

export async function openPostgresMetaStore(url: string): Promise<PostgresMetaStore> {
  const store = new PostgresMetaStore(url);
  await runMigrations(store.db, 'postgres');
  return store;
}
