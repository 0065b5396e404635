import { invalidArgument, PlatformError } from '../../core/index.js';
import { type ColumnSchema, type DuckDBConnection, duckType } from '../../engine/index.js';
import { includeMatcher } from './include-patterns.js';
import { appendBatches } from './load.js';
import {
  type ConnectionSpec,
  DATABASE_ENGINES,
  type DatabaseEngine,
  type SourceDriver,
  type SourceTable,
} from './source-types.js';

// Rows per round trip / per appender flush: ~10k balances round trips against memory (two batches
// are held at once: one appending, one arriving).
const BATCH_ROWS = 10_000;

// Drivers are loaded on first use, so a process that never touches MySQL never loads mysql2.
const OPENERS: Record<DatabaseEngine, (spec: ConnectionSpec, password?: string) => Promise<SourceDriver>> = {
  postgresql: async (spec, password) => (await import('./postgres.js')).openPostgresSource(spec, password),
  mysql: async (spec, password) => (await import('./mysql.js')).openMysqlSource(spec, password),
};

/**
 * Connects and runs a trivial query. Errors are `PlatformError`s naming the engine, host:port,
 * database and user and the reason, never the password: `unavailable` (cannot reach the server,
 * timeout), `permission_denied` (login refused), `not_found` (no such database).
 */
export async function testConnection(
  spec: ConnectionSpec,
  password: string | undefined,
): Promise<{ serverVersion: string }> {
  const driver = await openSource(spec, password);
  try {
    return { serverVersion: driver.serverVersion };
  } finally {
    await driver.close();
  }
}

/**
 * Tables and views the user can read, outside system schemas, whose `schema.table` matches one of
 * `include` (LIKE-style: `%` any run, `_` one character, `\` escapes; case-insensitive; default
 * all). For MySQL/MariaDB a schema is a database: every database the user can see is listed.
 * Columns come in table order with Glue types; `rowCountEstimate` is the server's statistic
 * (`pg_class.reltuples`, `information_schema.tables.table_rows`), null for views and tables never
 * analyzed. Sorted by schema, then name.
 */
export async function listSourceTables(
  spec: ConnectionSpec,
  password: string | undefined,
  include?: string[],
): Promise<SourceTable[]> {
  const matches = includeMatcher(include);
  const driver = await openSource(spec, password);
  try {
    const tables = await driver.listTables();
    return tables.filter((t) => matches(`${t.schema}.${t.name}`));
  } finally {
    await driver.close();
  }
}

/**
 * Streams every row of `source` (only its `columns`, typed as given) into a new DuckDB table
 * `target.schema.target.table`, creating the schema when missing; an existing table is an
 * `already_exists` error. Memory stays bounded: rows come in batches (a server-side cursor on
 * PostgreSQL, a paused stream on MySQL) and go through DuckDB's appender. Returns the row count.
 * On abort the source query is stopped, the connection closed, the new table dropped and a
 * `cancelled` error thrown; on any other failure the new table is dropped too.
 */
export async function loadSourceTable(
  con: DuckDBConnection,
  spec: ConnectionSpec,
  password: string | undefined,
  source: { schema: string; name: string; columns: ColumnSchema[] },
  target: { schema: string; table: string },
  signal?: AbortSignal,
): Promise<number> {
  validateLoad(source, target);
  const cancelled = () =>
    new PlatformError('cancelled', `loading "${source.schema}"."${source.name}" was cancelled`, {
      schema: source.schema,
      table: source.name,
    });
  if (signal?.aborted) throw cancelled();
  const driver = await openSource(spec, password);
  const onAbort = () => driver.abort();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    if (signal?.aborted) throw cancelled();
    return await appendBatches(con, target, source.columns, driver.readBatches(source, BATCH_ROWS), signal);
  } catch (err) {
    // Whatever the abort broke (a dropped socket, a cancelled query), the caller asked for it.
    if (signal?.aborted) throw cancelled();
    throw err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await driver.close();
  }
}

async function openSource(spec: ConnectionSpec, password: string | undefined): Promise<SourceDriver> {
  validateSpec(spec);
  return OPENERS[spec.engine](spec, password);
}

function validateSpec(spec: ConnectionSpec): void {
  if (!DATABASE_ENGINES.includes(spec?.engine))
    throw invalidArgument(
      `unknown database engine '${spec?.engine}' (known: ${DATABASE_ENGINES.join(', ')})`,
      {
        engine: spec?.engine,
      },
    );
  if (typeof spec.host !== 'string' || spec.host.trim() === '') throw invalidArgument('host is required');
  if (!Number.isInteger(spec.port) || spec.port < 1 || spec.port > 65535)
    throw invalidArgument(`port must be an integer from 1 to 65535, got ${spec.port}`, { port: spec.port });
  if (typeof spec.database !== 'string' || spec.database === '')
    throw invalidArgument('database is required');
  if (typeof spec.user !== 'string' || spec.user === '') throw invalidArgument('user is required');
}

function validateLoad(
  source: { schema: string; name: string; columns: readonly ColumnSchema[] },
  target: { schema: string; table: string },
): void {
  if (!source.schema || !source.name) throw invalidArgument('source schema and table name are required');
  if (!target.schema || !target.table) throw invalidArgument('target schema and table name are required');
  if (!source.columns?.length)
    throw invalidArgument(`no columns to load from "${source.schema}"."${source.name}"`);
  for (const column of source.columns) {
    if (!column.name) throw invalidArgument('every column needs a name');
    duckType(column.type); // throws invalid_argument for an unknown type, before connecting
  }
}
