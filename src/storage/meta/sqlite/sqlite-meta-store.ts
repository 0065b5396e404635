import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';

import { type MetaDb, type MetaStore, type MetaTx, runMigrations } from '../meta-store.js';
import type { Database as Schema } from '../schema.js';

/** `sqlite:///abs/path/kelp.db`, `sqlite://relative.db` or `sqlite::memory:`. */
export function sqlitePathFromUrl(url: string): string {
  const rest = url.replace(/^sqlite:(\/\/)?/, '').split('?')[0]!;
  return rest === '' || rest === ':memory:' ? ':memory:' : decodeURIComponent(rest);
}

export class SqliteMetaStore implements MetaStore {
  readonly dialect = 'sqlite' as const;
  readonly db: MetaDb;

  constructor(
    readonly url: string,
    readonly path: string,
  ) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const database = new Database(path);
    // WAL lets readers run beside one writer (server + CLI on one home); NORMAL sync is durable
    // across process crashes and only risks the last commits on power loss.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('busy_timeout = 10000');
    database.pragma('foreign_keys = ON');
    this.db = new Kysely<Schema>({ dialect: new SqliteDialect({ database }) });
  }

  /**
   * Kysely's SQLite driver has one connection behind a mutex, so transactions in this process are
   * serialized; BEGIN IMMEDIATE takes the write lock at once so a writer in another process makes
   * this one wait (busy timeout) rather than fail when it upgrades from read to write.
   */
  transaction<T>(fn: (tx: MetaTx) => Promise<T>): Promise<T> {
    return this.db.connection().execute(async (conn) => {
      await sql`begin immediate`.execute(conn);
      try {
        const out = await fn(conn);
        await sql`commit`.execute(conn);
        return out;
      } catch (err) {
        await sql`rollback`.execute(conn).catch(() => undefined);
        throw err;
      }
    });
  }

  forUpdate<Q extends { forUpdate(): Q }>(query: Q): Q {
    return query;
  }

  isUniqueViolation(err: unknown): boolean {
    const code = (err as { code?: string }).code ?? '';
    return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
  }

  async close(): Promise<void> {
    await this.db.destroy();
  }
}

export async function openSqliteMetaStore(url: string): Promise<SqliteMetaStore> {
  const store = new SqliteMetaStore(url, sqlitePathFromUrl(url));
  await runMigrations(store.db, 'sqlite');
  return store;
}
