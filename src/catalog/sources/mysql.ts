import type { Readable } from 'node:stream';

import type { Connection, ConnectionOptions, TypeCast } from 'mysql2';

import type { ErrorCode, PlatformError } from '../../core/index.js';
import type { ColumnSchema } from '../../engine/index.js';
import { driverCode, messageOf, networkReason, sourceError } from './source-errors.js';
import { estimate, groupColumns, type ListedColumn, listedColumn } from './source-tables.js';
import type {
  ConnectionSpec,
  SourceDriver,
  SourceTable,
  SourceTableRef,
  SourceValue,
} from './source-types.js';
import { mysqlGlueType } from './type-mapping.js';

const CONNECT_TIMEOUT_MS = 10_000;

/** A quoted MySQL/MariaDB identifier (backticks work whatever the SQL mode). */
export function mysqlIdent(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

function connectionOptions(spec: ConnectionSpec, password: string | undefined): ConnectionOptions {
  return {
    host: spec.host,
    port: spec.port,
    database: spec.database,
    user: spec.user,
    password: password ?? '',
    ssl: spec.options?.ssl === true ? {} : undefined, // {}: TLS with a verified certificate
    connectTimeout: CONNECT_TIMEOUT_MS,
    charset: 'UTF8MB4_GENERAL_CI',
    flags: ['-LOCAL_FILES'], // a server must not be able to ask for local files
  };
}

async function connect(options: ConnectionOptions): Promise<Connection> {
  const { createConnection } = (await import('mysql2')).default;
  const conn = createConnection(options);
  // Fatal errors after connecting also fail the running query; without a listener they would crash.
  conn.on('error', () => undefined);
  try {
    await new Promise<void>((resolve, reject) => conn.connect((err) => (err ? reject(err) : resolve())));
    return conn;
  } catch (err) {
    conn.destroy();
    throw err;
  }
}

export async function openMysqlSource(
  spec: ConnectionSpec,
  password: string | undefined,
): Promise<SourceDriver> {
  let conn: Connection | undefined;
  try {
    conn = await connect(connectionOptions(spec, password));
    // TIMESTAMP columns print in the session zone: UTC, as the loaded values are.
    await run(conn, "SET time_zone = '+00:00'");
    const [version] = await run<{ v: string }>(conn, 'SELECT VERSION() AS v');
    return new MysqlSource(conn, spec, password, version?.v ?? 'unknown');
  } catch (err) {
    conn?.destroy();
    throw mysqlError(err, spec, password, 'connecting to', 'unavailable');
  }
}

/**
 * Ends a connection's running query from a second connection. The server does not notice a closed
 * client socket while a query runs (it keeps producing rows into the void), so aborting needs this.
 * Best effort: a user may always kill its own threads; failures are ignored.
 */
function killConnection(spec: ConnectionSpec, password: string | undefined, threadId: number): void {
  connect(connectionOptions(spec, password))
    .then(async (conn) => {
      await run(conn, `KILL ${Math.trunc(threadId)}`).catch(() => undefined);
      conn.destroy();
    })
    .catch(() => undefined);
}

function run<T>(conn: Connection, sql: string): Promise<T[]> {
  return new Promise((resolve, reject) =>
    conn.query(sql, (err, rows) => (err ? reject(err) : resolve(rows as T[]))),
  );
}

class MysqlSource implements SourceDriver {
  private closed = false;
  private stream: Readable | undefined;

  constructor(
    private readonly conn: Connection,
    private readonly spec: ConnectionSpec,
    private readonly password: string | undefined,
    readonly serverVersion: string,
  ) {}

  async listTables(): Promise<SourceTable[]> {
    try {
      return groupColumns((await run<ListRow>(this.conn, LIST_SQL)).map(listedRow));
    } catch (err) {
      throw mysqlError(err, this.spec, this.password, 'listing tables of', 'internal');
    }
  }

  async *readBatches(table: SourceTableRef, batchRows: number): AsyncGenerator<SourceValue[][]> {
    // Positional aliases let the type cast find each column's Glue type by name.
    const columns = table.columns.map((c, i) => `${mysqlIdent(c.name)} AS c${i}`).join(', ');
    const from = `${mysqlIdent(table.schema)}.${mysqlIdent(table.name)}`;
    const query = this.conn.query({
      sql: `SELECT ${columns} FROM ${from}`,
      rowsAsArray: true,
      typeCast: textCast(table.columns),
    });
    // The stream pauses the socket when its buffer is full: memory stays bounded, and rows keep
    // arriving while the caller appends a batch.
    const stream = query.stream({ highWaterMark: Math.min(batchRows, 4096) });
    this.stream = stream;
    let batch: SourceValue[][] = [];
    try {
      for await (const row of stream) {
        batch.push(row as SourceValue[]);
        if (batch.length >= batchRows) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    } catch (err) {
      throw mysqlError(err, this.spec, this.password, `reading ${from} from`, 'internal');
    } finally {
      this.stream = undefined;
    }
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    const { threadId } = this.conn;
    if (this.stream && threadId !== null) killConnection(this.spec, this.password, threadId);
    this.stream?.destroy(new Error('aborted'));
    this.conn.destroy();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await new Promise<void>((resolve) => this.conn.end(() => resolve()));
  }
}

/**
 * Reads every value in its text form (as DuckDB will cast it), bytes for `binary` columns. Fixes
 * what DuckDB would read wrongly: `tinyint(1)` holds any small number (non-zero is true), `bit(n)`
 * arrives as bytes, and zero dates ('0000-00-00', as JDBC's convertToNull) become NULL.
 */
function textCast(columns: readonly ColumnSchema[]): TypeCast {
  const types = columns.map((c) => c.type);
  return (field) => {
    const type = types[Number(field.name.slice(1))];
    if (type === 'binary') return field.buffer();
    let text: string | null;
    if (field.type === 'BIT') {
      const bytes = field.buffer();
      text =
        bytes === null ? null : bytes.length === 0 ? '0' : BigInt(`0x${bytes.toString('hex')}`).toString();
    } else text = field.string();
    if (text === null) return null;
    if (type === 'boolean') return text === '0' ? 'false' : 'true';
    if ((type === 'date' || type === 'timestamp') && isZeroDate(text)) return null;
    return text;
  };
}

function isZeroDate(text: string): boolean {
  return text.slice(5, 7) === '00' || text.slice(8, 10) === '00';
}

interface ListRow {
  schema: string;
  name: string;
  table_type: string;
  table_rows: number | string | null;
  column: string;
  column_type: string;
  comment: string | null;
}

const LIST_SQL = `
SELECT t.TABLE_SCHEMA AS \`schema\`, t.TABLE_NAME AS name, t.TABLE_TYPE AS table_type,
       t.TABLE_ROWS AS table_rows, c.COLUMN_NAME AS \`column\`, c.COLUMN_TYPE AS column_type,
       c.COLUMN_COMMENT AS comment
FROM information_schema.TABLES t
JOIN information_schema.COLUMNS c ON c.TABLE_SCHEMA = t.TABLE_SCHEMA AND c.TABLE_NAME = t.TABLE_NAME
WHERE t.TABLE_SCHEMA NOT IN ('mysql', 'information_schema', 'performance_schema', 'sys')
  AND t.TABLE_TYPE IN ('BASE TABLE', 'VIEW', 'SYSTEM VERSIONED')
ORDER BY t.TABLE_SCHEMA, t.TABLE_NAME, c.ORDINAL_POSITION`;

function listedRow(row: ListRow): ListedColumn {
  const view = row.table_type === 'VIEW';
  return {
    schema: row.schema,
    name: row.name,
    kind: view ? 'view' : 'table',
    rowCountEstimate: view ? null : estimate(row.table_rows),
    column: listedColumn(row.column, mysqlGlueType(row.column_type), row.comment),
  };
}

const PERMISSION_CODES = new Set([
  'ER_ACCESS_DENIED_ERROR',
  'ER_ACCESS_DENIED_NO_PASSWORD_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_COLUMNACCESS_DENIED_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_SPECIFIC_ACCESS_DENIED_ERROR',
]);
const NOT_FOUND_CODES = new Set(['ER_BAD_DB_ERROR', 'ER_NO_SUCH_TABLE', 'ER_BAD_FIELD_ERROR']);
const UNAVAILABLE_CODES = new Set([
  'ER_CON_COUNT_ERROR',
  'ER_SERVER_SHUTDOWN',
  'ER_HOST_IS_BLOCKED',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'HANDSHAKE_NO_SSL_SUPPORT',
]);

function mysqlError(
  err: unknown,
  spec: ConnectionSpec,
  password: string | undefined,
  action: string,
  fallback: ErrorCode,
): PlatformError {
  const reason = networkReason(err);
  if (reason) return sourceError('unavailable', spec, password, action, reason);
  const code = driverCode(err) ?? '';
  const message = messageOf(err);
  const details = code ? { serverCode: code } : {};
  let kind: ErrorCode = fallback;
  if (PERMISSION_CODES.has(code)) kind = 'permission_denied';
  else if (NOT_FOUND_CODES.has(code)) kind = 'not_found';
  else if (code === 'ER_QUERY_INTERRUPTED') kind = 'cancelled';
  else if (UNAVAILABLE_CODES.has(code) || /timeout|closed/i.test(message)) kind = 'unavailable';
  return sourceError(kind, spec, password, action, message, details);
}
