import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Kelp } from '../../src/app/index.js';
import type { CrawlBody } from '../../src/contract/index.js';
import { type CatalogHarness, openCatalogHarness } from './harness.js';
import { buildLake } from './lake-fixture.js';

let h: CatalogHarness;
let kelp: Kelp;
let lake: string;

before(async () => {
  h = await openCatalogHarness();
  kelp = h.kelp;
  lake = h.root;
  await buildLake(lake);
});
after(() => h.close());

const crawl = (body: CrawlBody) => h.crawl(body);

async function query(sql: string) {
  const { query: q, rows } = await h.query(sql, { database: 'lake' });
  return { query: q, results: rows ? { rows } : undefined };
}

describe('crawler over a lake', () => {
  it('finds the tables, columns, types and partitions, skipping markers and reporting problems', async () => {
    const summary = await crawl({ source: lake, database: 'lake', name: 'lake-crawler' });
    assert.deepEqual([...summary.tablesCreated].sort(), ['clicks', 'events', 'items', 'sales']);
    const tables = await kelp.catalog.store.listTables('default', 'lake');
    const byName = Object.fromEntries(tables.map((t) => [t.name, t]));
    const sales = byName.sales;
    assert.ok(sales);
    assert.equal(sales.format, 'csv');
    assert.deepEqual(
      sales.columns.map((c) => [c.name, c.type]),
      [
        ['order_id', 'bigint'],
        ['store', 'string'],
        ['amount', 'double'],
      ],
    );
    assert.deepEqual(
      sales.partitionKeys.map((c) => [c.name, c.type]),
      [
        ['year', 'bigint'],
        ['month', 'bigint'],
      ],
    );
    assert.equal(sales.partitionCount, 4);
    assert.equal(sales.fileCount, 4);
    const events = byName.events;
    assert.ok(events);
    assert.deepEqual(
      events.partitionKeys.map((c) => c.name),
      ['partition_0', 'partition_1', 'partition_2'],
    );
    assert.equal(events.partitionCount, 3);
    assert.deepEqual(
      events.columns.map((c) => [c.name, c.type]),
      [
        ['event', 'string'],
        ['user_id', 'bigint'],
        ['value', 'double'],
      ],
    );
    const clicks = byName.clicks;
    assert.ok(clicks);
    assert.equal(clicks.format, 'json');
    assert.deepEqual(
      clicks.columns.map((c) => [c.name, c.type]),
      [
        ['page', 'string'],
        ['ms', 'double'],
        ['referrer', 'string'],
      ],
    );
    const items = byName.items;
    assert.ok(items);
    assert.equal(items.format, 'parquet');
    assert.equal(items.rowCount, 150);
    assert.deepEqual(
      items.columns.map((c) => c.name),
      ['item_id', 'title', 'price'],
    );
    const problems = summary.problems.map((p) => p.path).sort();
    assert.deepEqual(problems, ['events/2024/06/01/b.csv', 'items/part-2.parquet']);
    assert.ok(summary.filesSkipped >= 4, `skipped ${summary.filesSkipped}`);
    const partitions = await kelp.catalog.store.partitions(sales.id);
    assert.deepEqual(
      partitions.map((p) => p.values),
      [
        ['2023', '1'],
        ['2023', '2'],
        ['2024', '1'],
        ['2024', '2'],
      ],
    );
  });

  it('queries catalog tables with partition pruning, joins and unknown-table suggestions', async () => {
    const total = await query('SELECT count(*) AS n, round(sum(amount), 2) AS total FROM lake.sales');
    assert.equal(total.query.state, 'Succeeded', total.query.error ?? '');
    assert.deepEqual(total.results?.rows, [[12, 270]]);
    const pruned = await query('SELECT count(*) AS n FROM lake.sales WHERE year = 2024 AND month = 2');
    assert.deepEqual(pruned.results?.rows, [[3]]);
    assert.ok(
      (pruned.query.bytesScanned ?? 0) < (total.query.bytesScanned ?? 0),
      `${pruned.query.bytesScanned} < ${total.query.bytesScanned}`,
    );
    const events = await query(
      "SELECT partition_1 AS month, count(*) AS n FROM events WHERE partition_0 = '2024' GROUP BY 1 ORDER BY 1",
    );
    assert.equal(events.query.state, 'Succeeded', events.query.error ?? '');
    assert.deepEqual(events.results?.rows, [
      ['05', 3],
      ['06', 1],
    ]);
    const clicks = await query('SELECT page, referrer FROM lake.clicks ORDER BY page');
    assert.deepEqual(clicks.results?.rows, [
      ['/', null],
      ['/a', null],
      ['/b', 'x.com'],
    ]);
    const items = await query('SELECT count(*) FROM lake.items');
    assert.deepEqual(items.results?.rows, [[150]]);
    const missing = await query('SELECT * FROM lake.sale');
    assert.equal(missing.query.state, 'Failed');
    assert.match(missing.query.error ?? '', /unknown table 'lake\.sale'.*lake\.sales/);
  });

  it('reads a hive table whose files share a top-level partition, keys after columns in order', async () => {
    await h.put('one/year=2024/month=1/a.csv', 'id,v\n1,x\n');
    await h.put('one/year=2024/month=2/a.csv', 'id,v\n2,y\n');
    await h.crawl({ source: join(h.root, 'one'), database: 'one', name: 'one', tableLevel: 1 });
    const sample = await kelp.catalog.queries.sample('default', 'one', 'one', 10);
    assert.deepEqual(
      sample.columns.map((c) => c.name),
      ['id', 'v', 'year', 'month'],
    );
    assert.deepEqual(sample.rows, [
      [1, 'x', 2024, 1],
      [2, 'y', 2024, 2],
    ]);
  });

  it('crawls and queries a RecordIO table spread over several files', async () => {
    const vector = await readFile(new URL('../fixtures/recordio/dense-f32.recordio', import.meta.url));
    await h.put('rec/t/a.recordio', vector);
    await h.put('rec/t/b.recordio', vector);
    await h.crawl({ source: join(h.root, 'rec'), database: 'rec', name: 'rec' });
    const { query: q, rows } = await h.query('SELECT count(*), count(label) FROM rec.t');
    assert.equal(q.state, 'Succeeded', q.error ?? '');
    assert.deepEqual(rows, [[14, 14]]);
  });

  it('keeps user SQL inside the sandbox', async () => {
    for (const sql of [
      "SELECT * FROM read_csv('/etc/passwd')",
      "COPY (SELECT 1) TO '/tmp/x.csv'",
      'SET threads = 1',
      'INSTALL httpfs',
      'SELECT 1; SELECT 2',
    ]) {
      const r = await query(sql);
      assert.equal(r.query.state, 'Failed', sql);
      assert.match(r.query.error ?? '', /only SELECT|one statement|disabled by configuration/, sql);
    }
  });
});
