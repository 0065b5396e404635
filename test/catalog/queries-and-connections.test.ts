import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import mysql from 'mysql2/promise';
import pg from 'pg';

import type { Kelp } from '../../src/app/index.js';
import type { Query } from '../../src/contract/index.js';
import { freshMariaDatabase, waitFor } from '../helpers/index.js';
import { freshPostgresDatabase } from '../helpers/postgres.js';
import { type CatalogHarness, openCatalogHarness } from './harness.js';

let h: CatalogHarness;
let kelp: Kelp;
const cleanups: (() => Promise<void>)[] = [];

before(async () => {
  h = await openCatalogHarness();
  kelp = h.kelp;
  await h.put('nums/n.csv', `n\n${Array.from({ length: 20000 }, (_, i) => i).join('\n')}\n`);
  await h.put('customers/c.csv', 'customer_id,segment\n1,retail\n2,pro\n3,retail\n');
  await h.crawl({ source: h.root, database: 'lake', name: 'lake' });
});
after(async () => {
  await h.close();
  for (const c of cleanups.reverse()) await c();
});

async function run(sql: string, extra: { timeoutSeconds?: number } = {}): Promise<Query> {
  return (await h.query(sql, { database: 'lake', ...extra })).query;
}

async function resultObjects(id: string): Promise<string[]> {
  const page = await kelp.objects.list({ prefix: `kelp-system/queries/${id}/` });
  return page.objects.map((o) => o.key);
}

// 20,000² rows: minutes of work, so it is still running when cancelled.
const SLOW = 'SELECT count(*) FROM lake.nums a, lake.nums b WHERE (a.n * b.n) % 7 = 3';

describe('queries', () => {
  it('stores results as CSV and Parquet objects and keeps history', async () => {
    const q = await run('SELECT segment, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1');
    assert.equal(q.state, 'Succeeded', q.error ?? '');
    assert.deepEqual(await resultObjects(q.id), [q.resultKeys?.csv, q.resultKeys?.parquet].sort());
    const { body } = await kelp.objects.get(q.resultKeys?.csv as string);
    let csv = '';
    for await (const c of body) csv += c;
    assert.equal(csv, 'segment,n\npro,1\nretail,2\n');
    assert.deepEqual(q.columns, [
      { name: 'segment', type: 'string' },
      { name: 'n', type: 'bigint' },
    ]);
    assert.equal(q.rowCount, 2);
    assert.ok((q.bytesScanned ?? 0) > 0);
    const history = await kelp.catalog.queries.list('default');
    assert.equal(history[0]?.id, q.id);
  });

  it('cancels a running query and leaves no result object behind', async () => {
    const q = await kelp.catalog.queries.start('default', { sql: SLOW, database: 'lake' }, 't');
    await waitFor(async () => (await kelp.catalog.queries.get('default', q.id)).state === 'Running', 20_000);
    await new Promise((r) => setTimeout(r, 300));
    await kelp.catalog.queries.cancel('default', q.id);
    const done = await waitFor(async () => {
      const s = await kelp.catalog.queries.get('default', q.id);
      return s.state === 'Cancelled' ? s : undefined;
    }, 20_000);
    assert.equal(done.error, 'query cancelled');
    assert.deepEqual(await resultObjects(q.id), []);
  });

  it('times out a query that runs too long', async () => {
    const q = await run(SLOW, { timeoutSeconds: 1 });
    assert.equal(q.state, 'Cancelled');
    assert.equal(q.error, 'query timed out');
    assert.deepEqual(await resultObjects(q.id), []);
  });

  it('names a syntax error, an unknown column and an unknown database', async () => {
    assert.match((await run('SELEC 1')).error ?? '', /syntax error/i);
    assert.match((await run('SELECT nope FROM customers')).error ?? '', /nope/);
    assert.match(
      (await run('SELECT * FROM lak.customers')).error ?? '',
      /unknown table 'lak\.customers'.*lake\.customers/,
    );
  });
});

describe('database connections', () => {
  it('crawls PostgreSQL tables and joins them with lake tables; the password never shows', async () => {
    const db = await freshPostgresDatabase();
    cleanups.push(db.drop);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    await client.query(
      `CREATE TABLE orders (id serial PRIMARY KEY, customer_id int, total numeric(10,2), placed timestamptz)`,
    );
    await client.query(
      `INSERT INTO orders (customer_id, total, placed) VALUES (1, 10.50, '2024-01-01T10:00:00Z'), (2, 99.99, now()), (1, 5, now())`,
    );
    await client.query('ANALYZE orders');
    await client.end();
    const url = new URL(db.url);
    const conn = await kelp.catalog.connections.create(
      'default',
      {
        name: 'shop',
        engine: 'postgresql',
        host: url.hostname,
        port: Number(url.port),
        database: url.pathname.slice(1),
        user: url.username,
        password: 's3cret-pw',
      },
      't',
    );
    assert.equal(conn.hasPassword, true);
    assert.ok(!JSON.stringify(conn).includes('s3cret-pw'));
    assert.match((await kelp.catalog.connections.test('default', 'shop')).serverVersion, /^\d+\.\d+/);
    const { job } = await kelp.catalog.crawlers.upsert(
      'default',
      { source: 'connection://shop', database: 'shop', name: 'shop' },
      't',
    );
    const done = await kelp.jobs.waitUntilDone('default', job?.name as string, 30_000);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    const orders = await kelp.catalog.store.getTable('default', 'shop', 'orders');
    assert.equal(orders.format, 'postgresql');
    assert.deepEqual(
      orders.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'int'],
        ['customer_id', 'int'],
        ['total', 'decimal(10,2)'],
        ['placed', 'timestamp'],
      ],
    );
    const q = await run(
      'SELECT c.segment, count(*) AS orders, sum(o.total) AS total FROM shop.orders o JOIN lake.customers c USING (customer_id) GROUP BY 1 ORDER BY 1',
    );
    assert.equal(q.state, 'Succeeded', q.error ?? '');
    const rows = (await kelp.catalog.queries.results('default', q.id)).rows;
    assert.deepEqual(rows, [
      ['pro', 1, 99.99],
      ['retail', 2, 15.5],
    ]);
    const logs = await kelp.jobs.logLines('default', job?.name as string);
    assert.ok(!JSON.stringify(logs).includes('s3cret-pw'));
  });

  it('crawls MariaDB tables and queries them', async () => {
    const db = await freshMariaDatabase();
    cleanups.push(db.drop);
    const { engine: _engine, ...tcp } = db.spec;
    const c = await mysql.createConnection({ ...tcp, password: db.password });
    await c.query('CREATE TABLE visits (id INT PRIMARY KEY, customer_id INT, pages INT, mobile TINYINT(1))');
    await c.query('INSERT INTO visits VALUES (1, 1, 3, 1), (2, 3, 5, 0), (3, 3, 1, 1)');
    await c.end();
    await kelp.catalog.connections.create('default', { name: 'web', ...db.spec, password: db.password }, 't');
    const { job } = await kelp.catalog.crawlers.upsert(
      'default',
      { source: 'connection://web', database: 'web', name: 'web', include: [`${db.spec.database}.%`] },
      't',
    );
    const done = await kelp.jobs.waitUntilDone('default', job?.name as string, 30_000);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    const q = await run(
      'SELECT sum(pages) AS pages, count(*) FILTER (WHERE mobile) AS mobile FROM web.visits',
    );
    assert.equal(q.state, 'Succeeded', q.error ?? '');
    assert.deepEqual((await kelp.catalog.queries.results('default', q.id)).rows, [[9, 2]]);
  });
});
