import { connect as netConnect } from 'node:net';

import type pg from 'pg';

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
import { postgresGlueType } from './type-mapping.js';

const CONNECT_TIMEOUT_MS = 10_000;
const CURSOR = 'kelp_load';

// Every value stays in the server's text form: DuckDB casts it exactly (numeric, microsecond
// timestamps, int8), where pg's parsers would round through JS numbers and Dates.
const keepText = (value: string) => value;
const TEXT_TYPES = { getTypeParser: () => keepText };

// UTC session so timestamptz text is in UTC (DuckDB ignores the offset when casting to TIMESTAMP);
// ISO dates and hex bytea whatever the server's defaults are.
const SESSION_OPTIONS = '-c TimeZone=UTC -c DateStyle=ISO -c bytea_output=hex';

/** A quoted PostgreSQL identifier. */
export function postgresIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export async function openPostgresSource(
  spec: ConnectionSpec,
  password: string | undefined,
): Promise<SourceDriver> {
  const { Client } = (await import('pg')).default;
  const client = new Client({
    host: spec.host,
    port: spec.port,
    database: spec.database,
    user: spec.user,
    // A function, so that pg never falls back to PGPASSWORD or ~/.pgpass of the Kelp server.
    password: async () => password ?? '',
    ssl: spec.options?.ssl === true,
    application_name: 'kelp',
    client_encoding: 'UTF8',
    options: SESSION_OPTIONS,
    connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
    types: TEXT_TYPES,
  });
  // Socket errors after connecting also reject the running query; without a listener they would crash.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const version = await client.query<{ server_version: string }>('SHOW server_version');
    return new PostgresSource(client, spec, password, version.rows[0]?.server_version ?? 'unknown');
  } catch (err) {
    await client.end().catch(() => undefined);
    throw postgresError(err, spec, password, 'connecting to', 'unavailable');
  }
}

class PostgresSource implements SourceDriver {
  private closed = false;

  constructor(
    private readonly client: pg.Client,
    private readonly spec: ConnectionSpec,
    private readonly password: string | undefined,
    readonly serverVersion: string,
  ) {}

  async listTables(): Promise<SourceTable[]> {
    try {
      const result = await this.client.query<ListRow>(LIST_SQL);
      return groupColumns(result.rows.map(listedRow));
    } catch (err) {
      throw postgresError(err, this.spec, this.password, 'listing tables of', 'internal');
    }
  }

  async *readBatches(table: SourceTableRef, batchRows: number): AsyncGenerator<SourceValue[][]> {
    const fixers = table.columns.map(valueFixer);
    const columns = table.columns.map((c) => postgresIdent(c.name)).join(', ');
    const from = `${postgresIdent(table.schema)}.${postgresIdent(table.name)}`;
    const fetch = (): Promise<pg.QueryArrayResult<SourceValue[]>> => {
      const query = this.client.query<SourceValue[]>({
        text: `FETCH FORWARD ${batchRows} FROM ${CURSOR}`,
        rowMode: 'array',
      });
      query.catch(() => undefined); // awaited below; this only keeps an abandoned prefetch quiet
      return query;
    };
    try {
      // A server-side cursor keeps memory bounded on both sides; one snapshot for the whole read.
      await this.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      await this.client.query(`DECLARE ${CURSOR} NO SCROLL CURSOR FOR SELECT ${columns} FROM ${from}`);
      let next: Promise<pg.QueryArrayResult<SourceValue[]>> | undefined = fetch();
      while (next) {
        const { rows }: pg.QueryArrayResult<SourceValue[]> = await next;
        // Ask for the next batch before handing this one over, so the server works meanwhile.
        next = rows.length === batchRows ? fetch() : undefined;
        if (rows.length > 0) yield fixers.some(Boolean) ? fixRows(rows, fixers) : rows;
      }
      await this.client.query('COMMIT');
    } catch (err) {
      throw postgresError(err, this.spec, this.password, `reading ${from} from`, 'internal');
    }
  }

  abort(): void {
    if (this.closed) return;
    this.closed = true;
    // pg keeps the key the server sent for cancel requests; the typings do not declare it.
    const key = this.client as unknown as { processID: number | null; secretKey: number | null };
    if (key.processID !== null && key.secretKey !== null)
      sendCancelRequest(this.spec, key.processID, key.secretKey);
    // With a query running, end() drops the socket at once.
    this.client.end().catch(() => undefined);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }
}

/**
 * Asks the server to stop this connection's running query (protocol CancelRequest, on a separate
 * socket, no login needed). Best effort: failures are ignored, the connection is dropped anyway.
 */
function sendCancelRequest(spec: ConnectionSpec, processId: number, secretKey: number): void {
  const packet = Buffer.alloc(16);
  packet.writeInt32BE(16, 0);
  packet.writeInt32BE(80877102, 4);
  packet.writeInt32BE(processId, 8);
  packet.writeInt32BE(secretKey, 12);
  const socket = spec.host.startsWith('/')
    ? netConnect({ path: `${spec.host}/.s.PGSQL.${spec.port}` })
    : netConnect({ host: spec.host, port: spec.port });
  socket.setTimeout(5_000, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.end(packet);
}

type Fixer = ((value: string) => SourceValue) | null;

function valueFixer(column: ColumnSchema): Fixer {
  if (column.type === 'binary') return (v) => Buffer.from(v.slice(2), 'hex'); // '\x0aff'
  if (column.type === 'date' || column.type === 'timestamp') return fixBcDate;
  return null;
}

// PostgreSQL prints BC dates as '0044-03-15 BC' (timestamps: '0044-03-15 12:00:00 BC'); DuckDB
// reads '0044-03-15 (BC)' and '0044-03-15 (BC) 12:00:00', and would silently drop a trailing ' BC'.
function fixBcDate(value: string): string {
  if (!value.endsWith(' BC')) return value;
  const text = value.slice(0, -3);
  const space = text.indexOf(' ');
  return space < 0 ? `${text} (BC)` : `${text.slice(0, space)} (BC)${text.slice(space)}`;
}

function fixRows(rows: SourceValue[][], fixers: Fixer[]): SourceValue[][] {
  for (const row of rows)
    for (let j = 0; j < fixers.length; j++) {
      const fix = fixers[j];
      const value = row[j];
      if (fix && typeof value === 'string') row[j] = fix(value);
    }
  return rows;
}

interface ListRow {
  schema: string;
  name: string;
  relkind: string;
  reltuples: string;
  column: string;
  type: string;
  typtype: string;
  comment: string | null;
}

// Tables, partitioned tables, foreign tables, views and materialized views the user may read,
// outside system schemas; partitions are left out (their parent lists them). Domains resolve to
// their base type.
const LIST_SQL = `
SELECT n.nspname AS schema, c.relname AS name, c.relkind::text AS relkind, c.reltuples::float8 AS reltuples,
       a.attname AS column,
       CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod)
            ELSE format_type(a.atttypid, a.atttypmod) END AS type,
       COALESCE(b.typtype, t.typtype)::text AS typtype,
       col_description(c.oid, a.attnum) AS comment
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_type b ON t.typtype = 'd' AND b.oid = t.typbasetype
WHERE c.relkind IN ('r', 'p', 'f', 'v', 'm')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema')
  AND n.nspname !~ '^pg_(toast|temp_)'
  AND has_schema_privilege(n.oid, 'USAGE')
  AND has_table_privilege(c.oid, 'SELECT')
ORDER BY n.nspname, c.relname, a.attnum`;

function listedRow(row: ListRow): ListedColumn {
  const view = row.relkind === 'v' || row.relkind === 'm';
  return {
    schema: row.schema,
    name: row.name,
    kind: view ? 'view' : 'table',
    // -1 means never analyzed (PostgreSQL 14+); views have no statistics.
    rowCountEstimate: view ? null : estimate(row.reltuples),
    column: listedColumn(row.column, postgresGlueType(row.type, row.typtype), row.comment),
  };
}

function postgresError(
  err: unknown,
  spec: ConnectionSpec,
  password: string | undefined,
  action: string,
  fallback: ErrorCode,
): PlatformError {
  const reason = networkReason(err);
  if (reason) return sourceError('unavailable', spec, password, action, reason);
  const code = driverCode(err) ?? '';
  let message = messageOf(err);
  const details = code ? { serverCode: code } : {};
  if (code.startsWith('28') || (!code && /password/i.test(message))) {
    if (!password) message += ' (no password was given)';
    return sourceError('permission_denied', spec, password, action, message, details);
  }
  if (code === '42501') return sourceError('permission_denied', spec, password, action, message, details);
  if (['3D000', '3F000', '42P01', '42703'].includes(code))
    return sourceError('not_found', spec, password, action, message, details);
  if (code === '57014') return sourceError('cancelled', spec, password, action, message, details);
  if (
    code.startsWith('08') ||
    code.startsWith('53') ||
    code.startsWith('57P') ||
    /terminated|timeout/i.test(message)
  )
    return sourceError('unavailable', spec, password, action, message, details);
  if (code.startsWith('22')) return sourceError('invalid_argument', spec, password, action, message, details);
  return sourceError(fallback, spec, password, action, message, details);
}
