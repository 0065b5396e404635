import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

export interface EngineOptions {
  /** DuckDB worker threads (default: DuckDB's own choice, all cores). */
  readonly threads?: number;
  /** e.g. '512MB': DuckDB spills to `tempDirectory` beyond it, so big files stream in bounded memory. */
  readonly memoryLimit?: string;
  readonly tempDirectory?: string;
}

/** An in-memory DuckDB database: one per job or query, so settings and views never leak between them. */
export async function openDuckDB(options: EngineOptions = {}): Promise<DuckDBInstance> {
  const config: Record<string, string> = {};
  if (options.threads) config.threads = String(options.threads);
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  return DuckDBInstance.create(':memory:', config);
}

/** Opens a database, hands a connection to `work`, and closes both whatever happens. */
export async function withDuckDB<T>(
  work: (con: DuckDBConnection) => Promise<T>,
  options: EngineOptions = {},
): Promise<T> {
  const instance = await openDuckDB(options);
  const con = await instance.connect();
  try {
    return await work(con);
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

/** Runs `sql` and returns plain JS row objects (bigint stays bigint; use for small results). */
export async function queryRows(
  con: DuckDBConnection,
  sql: string,
  params?: DuckDBValue[],
): Promise<Record<string, unknown>[]> {
  const reader = await con.runAndReadAll(sql, params);
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

/** A SQL string literal. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** A quoted SQL identifier. */
export function sqlIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL list literal of strings: `['a', 'b']`. */
export function sqlStringList(values: readonly string[]): string {
  return `[${values.map(sqlString).join(', ')}]`;
}

/**
 * Hands out brand-new DuckDB databases, keeping the next one ready: creating one costs ~20 ms, a
 * noticeable part of a short query that needs a database of its own (sandbox settings lock for good).
 */
export class FreshDuckDB {
  private next: Promise<DuckDBInstance> | undefined;

  constructor(private readonly options: EngineOptions = {}) {}

  take(): Promise<DuckDBInstance> {
    const instance = this.next ?? openDuckDB(this.options);
    this.next = openDuckDB(this.options);
    // A failed spare is retried on the next take, not reported as an unhandled rejection.
    this.next.catch(() => {
      this.next = undefined;
    });
    return instance;
  }

  async close(): Promise<void> {
    const spare = this.next;
    this.next = undefined;
    (await spare?.catch(() => undefined))?.closeSync();
  }
}
