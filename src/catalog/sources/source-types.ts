import type { ColumnSchema } from '../../engine/index.js';

/** The database servers Kelp can crawl and read. `mysql` covers MariaDB. */
export type DatabaseEngine = 'postgresql' | 'mysql';

export const DATABASE_ENGINES: readonly DatabaseEngine[] = ['postgresql', 'mysql'];

/** Where a database is; the password is kept apart (a secret) and passed next to the spec. */
export interface ConnectionSpec {
  readonly engine: DatabaseEngine;
  readonly host: string;
  readonly port: number;
  readonly database: string;
  readonly user: string;
  /** `ssl: true` requires TLS with a verified server certificate. */
  readonly options?: { readonly ssl?: boolean };
}

/** A table or view found in a source database; `columns` carry Glue types. */
export interface SourceTable {
  readonly schema: string;
  readonly name: string;
  readonly columns: ColumnSchema[];
  /** The server's statistics (not a count); null for views and never-analyzed tables. */
  readonly rowCountEstimate: number | null;
  readonly kind: 'table' | 'view';
}

/** What to read: a table (or view) and the columns, with the Glue types they load as. */
export interface SourceTableRef {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnSchema[];
}

/**
 * One value as a driver hands it over: the server's text form (DuckDB's appender casts it to the
 * column type) or bytes for `binary` columns.
 */
export type SourceValue = string | Uint8Array | null;

/**
 * One open connection to a source database (internal: one per engine, files mirror each other).
 * Errors thrown are `PlatformError`s that never contain the password.
 */
export interface SourceDriver {
  /** The server's version string, read when connecting. */
  readonly serverVersion: string;
  /** All readable tables and views outside the system schemas, columns in table order. */
  listTables(): Promise<SourceTable[]>;
  /** Rows of `table` in batches of at most `batchRows`; the next batch is read while one is used. */
  readBatches(table: SourceTableRef, batchRows: number): AsyncGenerator<SourceValue[][]>;
  /** Stops any running query and drops the connection at once (for AbortSignal). */
  abort(): void;
  /** Closes the connection; safe after `abort` and when called twice. */
  close(): Promise<void>;
}
