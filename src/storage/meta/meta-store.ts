import { type Kysely, Migrator, type Transaction } from 'kysely';

import { alreadyExists, invalidArgument, PlatformError } from '../../core/index.js';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './schema.js';

export type MetaDialectName = 'sqlite' | 'postgres';
export type MetaDb = Kysely<Database>;
export type MetaTx = Transaction<Database> | Kysely<Database>;

/**
 * The metadata store: Kysely over SQLite (embedded default) or PostgreSQL, with one migration set.
 *
 * Contract (test/contract/meta-store.contract.ts runs on both):
 * - `open*` runs pending migrations before returning.
 * - `transaction(fn)` runs `fn` atomically; on SQLite it takes the write lock up front
 *   (`BEGIN IMMEDIATE`) so concurrent writers wait (busy timeout) instead of failing mid-way.
 * - A unique-key violation inside `insertUnique` surfaces as `already_exists`.
 */
export interface MetaStore {
  readonly dialect: MetaDialectName;
  readonly url: string;
  readonly db: MetaDb;
  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T>;
  /**
   * Adds `FOR UPDATE` where the database has row locks (PostgreSQL). On SQLite the transaction
   * already holds the database's write lock, so the query is returned unchanged.
   */
  forUpdate<Q extends { forUpdate(): Q }>(query: Q): Q;
  /** True for the driver's unique/primary key violation error. */
  isUniqueViolation(err: unknown): boolean;
  close(): Promise<void>;
}

export async function runMigrations(db: MetaDb, dialect: MetaDialectName): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new PlatformError(
      'internal',
      `metadata migration ${failed ?? ''} failed: ${String(error)}`,
      {},
      { cause: error },
    );
  }
}

/** Runs an insert and turns a unique violation into `already_exists` with the given message. */
export async function insertUnique<T>(store: MetaStore, run: () => Promise<T>, message: string): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (store.isUniqueViolation(err)) throw alreadyExists(message);
    throw err;
  }
}

export type MetaStoreFactory = (url: string) => Promise<MetaStore>;
const factories = new Map<string, MetaStoreFactory>();

export function registerMetaStore(scheme: string, factory: MetaStoreFactory): void {
  factories.set(scheme.replace(/:$/, ''), factory);
}

/** Opens `sqlite:///path/kelp.db`, `sqlite::memory:` or `postgres://user@host:5432/db` and migrates it. */
export async function openMetaStore(url: string): Promise<MetaStore> {
  const scheme = url.startsWith('sqlite:') ? 'sqlite' : url.split(':')[0]!;
  const factory = factories.get(scheme);
  if (!factory) {
    throw invalidArgument(
      `unknown metadata store scheme '${scheme}' in KELP_META_URL; known: ${[...factories.keys()].join(', ')}`,
    );
  }
  return factory(url);
}

registerMetaStore('sqlite', async (url) => (await import('./sqlite/index.js')).openSqliteMetaStore(url));
const openPostgres: MetaStoreFactory = async (url) =>
  (await import('./postgres/index.js')).openPostgresMetaStore(url);
registerMetaStore('postgres', openPostgres);
registerMetaStore('postgresql', openPostgres);
