// Integration tests against the real local servers: PostgreSQL 127.0.0.1:5432 (trust auth) and
// MariaDB 127.0.0.1:3306 (a fresh user with a password). Every shared test runs on both engines.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { after, before, describe, test } from 'node:test';

import mysql from 'mysql2/promise';
import pg from 'pg';

import { freshMariaDatabase, waitFor } from '../../../test/helpers/index.js';
import { freshPostgresDatabase } from '../../../test/helpers/postgres.js';
import { PlatformError } from '../../core/index.js';
import { type DuckDBConnection, queryRows, sqlIdent, withDuckDB } from '../../engine/index.js';
import {
  type ConnectionSpec,
  listSourceTables,
  loadSourceTable,
  type SourceTable,
  testConnection,
} from './index.js';

interface Fixture {
  readonly spec: ConnectionSpec;
  readonly password: string | undefined;
  /** The schema tables are created in (`public`, or the MySQL database). */
  readonly schema: string;
  ident(name: string): string;
  exec(sql: string, params?: unknown[]): Promise<void>;
  /** Inserts rows with placeholders, so values never go through SQL literals. */
  insert(table: string, columns: string[], rows: unknown[][]): Promise<void>;
  /** Kelp's connections to this database still open on the server. */
  kelpSessions(): Promise<number>;
  close(): Promise<void>;
}

async function postgresFixture(): Promise<Fixture> {
  const db = await freshPostgresDatabase();
  const url = new URL(db.url);
  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  const ident = (n: string) => `"${n.replaceAll('"', '""')}"`;
  return {
    spec: {
      engine: 'postgresql',
      host: url.hostname,
      port: Number(url.port || 5432),
      database: url.pathname.slice(1),
      user: decodeURIComponent(url.username),
    },
    password: undefined,
    schema: 'public',
    ident,
    exec: async (sql, params) => void (await client.query(sql, params)),
    insert: async (table, columns, rows) => {
      const marks = columns.map((_, i) => `$${i + 1}`).join(', ');
      const sql = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${marks})`;
      for (const row of rows) await client.query(sql, row);
    },
    kelpSessions: async () => {
      const sql = `SELECT count(*)::int AS n FROM pg_stat_activity
                   WHERE datname = current_database() AND application_name = 'kelp'`;
      return (await client.query<{ n: number }>(sql)).rows[0]?.n ?? 0;
    },
    close: async () => {
      await client.end();
      await db.drop();
    },
  };
}

async function mariaFixture(): Promise<Fixture> {
  const db = await freshMariaDatabase();
  const { spec, password } = db;
  const { host, port, database, user } = spec;
  const conn = await mysql.createConnection({ host, port, database, user, password });
  const ident = (n: string) => `\`${n.replaceAll('`', '``')}\``;
  return {
    spec,
    password,
    schema: spec.database,
    ident,
    exec: async (sql, params) => void (await conn.query(sql, params)),
    insert: async (table, columns, rows) => {
      const marks = columns.map(() => '?').join(', ');
      const sql = `INSERT INTO ${ident(table)} (${columns.map(ident).join(', ')}) VALUES (${marks})`;
      for (const row of rows) await conn.query(sql, row);
    },
    kelpSessions: async () => {
      const [rows] = await conn.query(
        'SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE USER = ? AND ID <> CONNECTION_ID()',
        [spec.user],
      );
      return Number((rows as { n: number }[])[0]?.n ?? 0);
    },
    close: async () => {
      await conn.end();
      await db.drop();
    },
  };
}

/** What differs between the engines: DDL and the Glue types it should map to. */
interface EngineCase {
  readonly name: string;
  readonly open: () => Promise<Fixture>;
  readonly typesTable: string;
  readonly expectedTypes: Record<string, string>;
  /** Column definitions for the shared load table, by column. */
  readonly loadColumns: Record<string, string>;
  /** A view that yields ~1 row per millisecond, to abort in the middle of reading. */
  readonly slowView: string[];
  /** Fills `big_table` with 200k rows: id 1..200000, label, amount (id % 1000) + (id % 100) / 100, at. */
  readonly bigInsert: string;
  readonly analyze: string;
}

const WEIRD_TABLE = `load 'me' "now" \`ok\``;
const WEIRD_COLUMN = `we"ird \`col\``;

const ENGINES: EngineCase[] = [
  {
    name: 'postgresql',
    open: postgresFixture,
    typesTable: `
      CREATE TYPE mood AS ENUM ('sad', 'happy');
      CREATE DOMAIN positive AS numeric(8,2) CHECK (VALUE > 0);
      CREATE TABLE all_types (
        c_smallint smallint, c_int integer, c_bigint bigint, c_serial serial, c_real real,
        c_double double precision, c_numeric numeric(12,3), c_numeric_plain numeric, c_numeric_wide numeric(50,2),
        c_bool boolean, c_text text, c_varchar varchar(20), c_char char(3), c_uuid uuid, c_json json,
        c_jsonb jsonb, c_mood mood, c_domain positive, c_date date, c_ts timestamp, c_ts3 timestamp(3),
        c_tstz timestamptz, c_time time, c_interval interval, c_bytea bytea, c_int_array integer[]);
      COMMENT ON COLUMN all_types.c_int IS 'an int';`,
    expectedTypes: {
      c_smallint: 'smallint',
      c_int: 'int',
      c_bigint: 'bigint',
      c_serial: 'int',
      c_real: 'float',
      c_double: 'double',
      c_numeric: 'decimal(12,3)',
      c_numeric_plain: 'double',
      c_numeric_wide: 'double',
      c_bool: 'boolean',
      c_text: 'string',
      c_varchar: 'string',
      c_char: 'string',
      c_uuid: 'string',
      c_json: 'string',
      c_jsonb: 'string',
      c_mood: 'string',
      c_domain: 'decimal(8,2)',
      c_date: 'date',
      c_ts: 'timestamp',
      c_ts3: 'timestamp',
      c_tstz: 'timestamp',
      c_time: 'string',
      c_interval: 'string',
      c_bytea: 'binary',
      c_int_array: 'string',
    },
    loadColumns: {
      id: 'integer',
      name: 'text',
      amount: 'numeric(12,3)',
      at: 'timestamp',
      ok: 'boolean',
      day: 'date',
      data: 'bytea',
      big: 'bigint',
      ratio: 'double precision',
      [WEIRD_COLUMN]: 'integer',
    },
    slowView: [
      `CREATE FUNCTION slow_id(i int) RETURNS int LANGUAGE plpgsql AS $$
         BEGIN PERFORM pg_sleep(0.001); RETURN i; END $$`,
      'CREATE VIEW slow AS SELECT slow_id(g) AS id FROM generate_series(1, 100000) g',
    ],
    bigInsert: `
      INSERT INTO big_table
      SELECT g, 'label ' || g, (g % 1000) + 0.01 * (g % 100), timestamp '2024-01-01' + g * interval '1 second'
      FROM generate_series(1, 200000) g`,
    analyze: 'ANALYZE',
  },
  {
    name: 'mysql (MariaDB)',
    open: mariaFixture,
    typesTable: `
      CREATE TABLE all_types (
        c_tinyint tinyint, c_bool tinyint(1), c_boolean boolean, c_bit1 bit(1), c_bit8 bit(8),
        c_smallint smallint, c_smallint_u smallint unsigned, c_mediumint mediumint,
        c_int int COMMENT 'an int', c_int_u int unsigned, c_bigint bigint, c_bigint_u bigint unsigned,
        c_float float, c_double double, c_decimal decimal(12,3), c_decimal_wide decimal(50,2),
        c_varchar varchar(20), c_char char(3), c_text text, c_enum enum('a', 'b'), c_set set('x', 'y'),
        c_json json, c_uuid uuid, c_date date, c_datetime datetime(6), c_timestamp timestamp NULL,
        c_time time, c_year year, c_binary binary(4), c_varbinary varbinary(8), c_blob blob)`,
    expectedTypes: {
      c_tinyint: 'tinyint',
      c_bool: 'boolean',
      c_boolean: 'boolean',
      c_bit1: 'boolean',
      c_bit8: 'bigint',
      c_smallint: 'smallint',
      c_smallint_u: 'int',
      c_mediumint: 'int',
      c_int: 'int',
      c_int_u: 'bigint',
      c_bigint: 'bigint',
      c_bigint_u: 'decimal(20,0)',
      c_float: 'float',
      c_double: 'double',
      c_decimal: 'decimal(12,3)',
      c_decimal_wide: 'double',
      c_varchar: 'string',
      c_char: 'string',
      c_text: 'string',
      c_enum: 'string',
      c_set: 'string',
      c_json: 'string',
      c_uuid: 'string',
      c_date: 'date',
      c_datetime: 'timestamp',
      c_timestamp: 'timestamp',
      c_time: 'string',
      c_year: 'smallint',
      c_binary: 'binary',
      c_varbinary: 'binary',
      c_blob: 'binary',
    },
    loadColumns: {
      id: 'int',
      name: 'text',
      amount: 'decimal(12,3)',
      at: 'datetime(6)',
      ok: 'boolean',
      day: 'date',
      data: 'varbinary(16)',
      big: 'bigint',
      ratio: 'double',
      [WEIRD_COLUMN]: 'int',
    },
    slowView: ['CREATE VIEW slow AS SELECT seq AS id FROM seq_1_to_100000 WHERE SLEEP(0.001) = 0'],
    bigInsert: `
      INSERT INTO big_table
      SELECT seq, CONCAT('label ', seq), (seq % 1000) + 0.01 * (seq % 100),
             TIMESTAMP '2024-01-01 00:00:00' + INTERVAL seq SECOND
      FROM seq_1_to_200000`,
    analyze: 'ANALYZE TABLE',
  },
];

const LOAD_ROWS: unknown[][] = [
  [
    1,
    'Zoë 日本 🚀',
    '12345.678',
    '2024-02-29 23:59:59.123456',
    true,
    '2024-02-29',
    Buffer.from([0, 1, 255]),
    '9007199254740993',
    0.1,
    10,
  ],
  [
    2,
    `it's "quoted" \\ back`,
    '-0.001',
    '1970-01-01 00:00:00',
    false,
    '1900-01-01',
    Buffer.alloc(0),
    '-9223372036854775808',
    -1.5e300,
    20,
  ],
  [3, null, null, null, null, null, null, null, null, null],
];

/** The loaded table read back through DuckDB, exact values as text. */
async function readLoaded(con: DuckDBConnection, table: string) {
  return queryRows(
    con,
    `SELECT id, name, amount::VARCHAR AS amount, "at"::VARCHAR AS at, ok, "day"::VARCHAR AS day,
            hex(data) AS data, big::VARCHAR AS big, ratio, ${sqlIdent(WEIRD_COLUMN)} AS weird
     FROM ${table} ORDER BY id`,
  );
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function rejectsWith(promise: Promise<unknown>, codes: string[]): Promise<PlatformError> {
  const err = await promise.then(
    () => assert.fail('expected a rejection'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof PlatformError, `expected a PlatformError, got ${String(err)}`);
  assert.ok(codes.includes(err.code), `code ${err.code} not in ${codes.join('/')}: ${err.message}`);
  return err;
}

for (const engine of ENGINES) {
  describe(`database sources: ${engine.name}`, { timeout: 120_000 }, () => {
    let db: Fixture;
    let tables: SourceTable[];
    const find = (name: string) => tables.find((t) => t.name === name);

    before(async () => {
      db = await engine.open();
      await db.exec(engine.typesTable);
      for (const name of ['orders', 'order_items', 'orderXitems', 'customers'])
        await db.exec(`CREATE TABLE ${db.ident(name)} (id int PRIMARY KEY, note varchar(20))`);
      await db.insert(
        'orders',
        ['id', 'note'],
        [
          [1, 'a'],
          [2, 'b'],
          [3, null],
        ],
      );
      await db.exec(`CREATE VIEW order_totals AS SELECT count(*) AS n FROM orders`);
      const columns = Object.entries(engine.loadColumns).map(([c, type]) => `${db.ident(c)} ${type}`);
      await db.exec(`CREATE TABLE ${db.ident(WEIRD_TABLE)} (${columns.join(', ')})`);
      await db.insert(WEIRD_TABLE, Object.keys(engine.loadColumns), LOAD_ROWS);
      for (const sql of engine.slowView) await db.exec(sql);
      await db.exec(
        `CREATE TABLE big_table (id bigint, label varchar(40), amount decimal(12,2), at ${engine.loadColumns.at})`,
      );
      await db.exec(engine.bigInsert);
      for (const name of ['orders', 'big_table', WEIRD_TABLE])
        await db.exec(`${engine.analyze} ${db.ident(name)}`);
      tables = await listSourceTables(db.spec, db.password);
    });
    after(() => db?.close());

    test('testConnection reports the server version', async () => {
      const { serverVersion } = await testConnection(db.spec, db.password);
      assert.match(serverVersion, engine.name === 'postgresql' ? /^\d+\.\d+/ : /MariaDB/);
    });

    test('maps column types of many kinds to Glue types, with comments', () => {
      const table = find('all_types');
      assert.ok(table, 'all_types is listed');
      assert.equal(table.schema, db.schema);
      assert.equal(table.kind, 'table');
      assert.deepEqual(Object.fromEntries(table.columns.map((c) => [c.name, c.type])), engine.expectedTypes);
      assert.equal(table.columns.find((c) => c.name === 'c_int')?.comment, 'an int');
      assert.equal(table.columns.find((c) => c.name === 'c_bigint')?.comment, undefined);
    });

    test('lists views as views, and no system schemas', () => {
      assert.equal(find('order_totals')?.kind, 'view');
      const schemas = new Set(tables.map((t) => t.schema));
      assert.deepEqual([...schemas], [db.schema]);
    });

    test('row-count estimates come from statistics: a number for analyzed tables, null for views', () => {
      assert.equal(find('orders')?.rowCountEstimate, 3);
      const big = find('big_table')?.rowCountEstimate;
      assert.ok(typeof big === 'number' && big > 150_000 && big < 250_000, `estimate ${big}`);
      assert.equal(find('order_totals')?.rowCountEstimate, null);
    });

    test('include patterns: LIKE-style % and _, backslash escapes, any case', async () => {
      const names = async (include: string[]) =>
        (await listSourceTables(db.spec, db.password, include)).map((t) => t.name).sort();
      assert.deepEqual(await names([`${db.schema}.order%`]), [
        'orderXitems',
        'order_items',
        'order_totals',
        'orders',
      ]);
      assert.deepEqual(await names([`${db.schema}.order_items`]), ['orderXitems', 'order_items']);
      assert.deepEqual(await names([`${db.schema}.order\\_items`]), ['order_items']);
      assert.deepEqual(await names([`%.CUSTOMERS`, `${db.schema}.orders`]), ['customers', 'orders']);
      assert.deepEqual(await names(['no_such_schema.%']), []);
    });

    test('loads nulls, unicode, decimals, timestamps, booleans, bytes and odd names into DuckDB', async () => {
      const source = find(WEIRD_TABLE);
      assert.ok(source, 'the table with quotes and backticks in its name is listed');
      await withDuckDB(async (con) => {
        const target = { schema: 'src "x"', table: `t'1` };
        const count = await loadSourceTable(con, db.spec, db.password, source, target);
        assert.equal(count, 3);
        const table = `${sqlIdent(target.schema)}.${sqlIdent(target.table)}`;
        const types = await queryRows(con, `SELECT column_name, column_type FROM (DESCRIBE ${table})`);
        assert.deepEqual(
          types.map((t) => t.column_type),
          [
            'INTEGER',
            'VARCHAR',
            'DECIMAL(12,3)',
            'TIMESTAMP',
            'BOOLEAN',
            'DATE',
            'BLOB',
            'BIGINT',
            'DOUBLE',
            'INTEGER',
          ],
        );
        assert.deepEqual(await readLoaded(con, table), [
          {
            id: 1,
            name: 'Zoë 日本 🚀',
            amount: '12345.678',
            at: '2024-02-29 23:59:59.123456',
            ok: true,
            day: '2024-02-29',
            data: '0001FF',
            big: '9007199254740993',
            ratio: 0.1,
            weird: 10,
          },
          {
            id: 2,
            name: `it's "quoted" \\ back`,
            amount: '-0.001',
            at: '1970-01-01 00:00:00',
            ok: false,
            day: '1900-01-01',
            data: '',
            big: '-9223372036854775808',
            ratio: -1.5e300,
            weird: 20,
          },
          {
            id: 3,
            name: null,
            amount: null,
            at: null,
            ok: null,
            day: null,
            data: null,
            big: null,
            ratio: null,
            weird: null,
          },
        ]);
      });
    });

    test('loads a 200k-row table in batches', async (t) => {
      const source = find('big_table');
      assert.ok(source);
      await withDuckDB(async (con) => {
        const start = performance.now();
        const count = await loadSourceTable(con, db.spec, db.password, source, {
          schema: 'main',
          table: 'big',
        });
        const seconds = (performance.now() - start) / 1000;
        t.diagnostic(
          `${engine.name}: ${count} rows in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} rows/s`,
        );
        assert.equal(count, 200_000);
        const [stats] = await queryRows(
          con,
          `SELECT count(*)::INT AS n, sum(id)::VARCHAR AS ids, sum(amount)::VARCHAR AS amount,
                  max("at")::VARCHAR AS last, count(DISTINCT label)::INT AS labels FROM main.big`,
        );
        assert.deepEqual(stats, {
          n: 200_000,
          ids: '20000100000',
          amount: '99999000.00',
          last: '2024-01-03 07:33:20',
          labels: 200_000,
        });
      });
    });

    test('a missing database is not_found', async () => {
      const err = await rejectsWith(
        testConnection({ ...db.spec, database: 'kelp_no_such_db' }, db.password),
        ['not_found', 'permission_denied'],
      );
      assert.match(err.message, /kelp_no_such_db/);
    });

    test('a wrong password or user is refused clearly, without the password', async () => {
      const wrong = 'Wr0ng-Secret-zzz';
      // Loopback PostgreSQL uses trust auth (any password logs in): a role that does not exist is
      // the login it refuses.
      const spec = engine.name === 'postgresql' ? { ...db.spec, user: 'kelp_no_such_role' } : db.spec;
      const err = await rejectsWith(testConnection(spec, wrong), ['permission_denied', 'unavailable']);
      assert.equal(err.code, 'permission_denied');
      assert.ok(err.message.includes(`user "${spec.user}"`), err.message);
      assert.ok(err.message.includes(`${spec.host}:${spec.port}`), err.message);
      for (const secret of [wrong, db.password].filter(Boolean) as string[])
        assert.ok(!JSON.stringify({ ...err.toJSON(), stack: err.stack }).includes(secret), 'password leaked');
    });

    test('errors after login never carry the password either', async () => {
      const missing = { schema: db.schema, name: 'no_such_table', columns: [{ name: 'id', type: 'int' }] };
      await withDuckDB(async (con) => {
        const err = await rejectsWith(
          loadSourceTable(con, db.spec, db.password, missing, { schema: 'main', table: 'x' }),
          ['not_found'],
        );
        assert.match(err.message, /no_such_table/);
        if (db.password) assert.ok(!JSON.stringify(err.toJSON()).includes(db.password));
        const left = await queryRows(
          con,
          "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'x'",
        );
        assert.equal(left[0]?.n, 0, 'the new table is dropped after a failed load');
      });
    });

    test('a closed port is unavailable, naming host:port', async () => {
      const port = await closedPort();
      const err = await rejectsWith(testConnection({ ...db.spec, port }, db.password), ['unavailable']);
      assert.ok(err.message.includes(`127.0.0.1:${port}`), err.message);
      assert.match(err.message, /refused/);
    });

    test('abort stops a running load, closes the source connection and drops the table', async () => {
      const slow = find('slow');
      assert.ok(slow, 'the slow view is listed');
      await waitFor(async () => (await db.kelpSessions()) === 0, 10_000, 'earlier kelp sessions to close');
      await withDuckDB(async (con) => {
        const controller = new AbortController();
        const start = performance.now();
        const load = loadSourceTable(
          con,
          db.spec,
          db.password,
          slow,
          { schema: 'main', table: 'slow' },
          controller.signal,
        );
        await waitFor(async () => (await db.kelpSessions()) > 0, 10_000, 'the load to connect');
        setTimeout(() => controller.abort(), 200);
        await rejectsWith(load, ['cancelled']);
        // Reading the whole view takes ~100 s: the abort must not wait for it.
        assert.ok(performance.now() - start < 5_000, 'the load stopped promptly');
        const left = await queryRows(
          con,
          "SELECT count(*)::INT AS n FROM duckdb_tables() WHERE table_name = 'slow'",
        );
        assert.equal(left[0]?.n, 0);
      });
      await waitFor(async () => (await db.kelpSessions()) === 0, 5_000, 'the source connection to close');
    });

    test('an already aborted signal does not connect', async () => {
      await withDuckDB(async (con) => {
        const source = find('orders');
        assert.ok(source);
        await rejectsWith(
          loadSourceTable(
            con,
            db.spec,
            db.password,
            source,
            { schema: 'main', table: 'o' },
            AbortSignal.abort(),
          ),
          ['cancelled'],
        );
      });
    });
  });
}

describe('database sources: engine-specific values', { timeout: 60_000 }, () => {
  test('postgresql: timestamptz in UTC, BC dates, bytea', async () => {
    const db = await postgresFixture();
    try {
      await db.exec('CREATE TABLE t (id int, tz timestamptz, d date, ts timestamp)');
      await db.exec("SET TIME ZONE 'Europe/Berlin'");
      await db.insert(
        't',
        ['id', 'tz', 'd', 'ts'],
        [[1, '2024-01-01 12:00:00+02', '0044-03-15 BC', '0044-03-15 10:30:00 BC']],
      );
      const [source] = await listSourceTables(db.spec, db.password, ['public.t']);
      assert.ok(source);
      await withDuckDB(async (con) => {
        await loadSourceTable(con, db.spec, db.password, source, { schema: 'main', table: 't' });
        const rows = await queryRows(
          con,
          'SELECT tz::VARCHAR AS tz, d::VARCHAR AS d, ts::VARCHAR AS ts FROM t',
        );
        assert.deepEqual(rows, [
          { tz: '2024-01-01 10:00:00', d: '0044-03-15 (BC)', ts: '0044-03-15 (BC) 10:30:00' },
        ]);
      });
    } finally {
      await db.close();
    }
  });

  test('mysql: tinyint(1) holding 5 is true, bit(8) is a number, zero dates are null', async () => {
    const db = await mariaFixture();
    try {
      await db.exec("SET SESSION sql_mode = ''");
      await db.exec('CREATE TABLE t (id int, flag tinyint(1), bits bit(8), d date, dt datetime)');
      await db.exec(
        "INSERT INTO t VALUES (1, 5, b'11111111', '0000-00-00', '0000-00-00 00:00:00'), (2, 0, b'0', '2024-05-06', NULL)",
      );
      const [source] = await listSourceTables(db.spec, db.password, [`${db.schema}.t`]);
      assert.ok(source);
      await withDuckDB(async (con) => {
        await loadSourceTable(con, db.spec, db.password, source, { schema: 'main', table: 't' });
        const rows = await queryRows(con, 'SELECT flag, bits, d::VARCHAR AS d, dt FROM t ORDER BY id');
        assert.deepEqual(rows, [
          { flag: true, bits: 255n, d: null, dt: null },
          { flag: false, bits: 0n, d: '2024-05-06', dt: null },
        ]);
      });
    } finally {
      await db.close();
    }
  });
});
