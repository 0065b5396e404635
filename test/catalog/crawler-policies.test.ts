import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Kelp } from '../../src/app/index.js';
import type { CrawlBody } from '../../src/contract/index.js';
import { waitFor } from '../helpers/index.js';
import { type CatalogHarness, openCatalogHarness } from './harness.js';

let h: CatalogHarness;
let kelp: Kelp;
let root: string;

before(async () => {
  h = await openCatalogHarness();
  kelp = h.kelp;
  root = h.root;
});
after(() => h.close());

const put = (rel: string, text: string) => h.put(rel, text);
const crawl = (body: CrawlBody) => h.crawl(body);
const table = (db: string, name: string) => kelp.catalog.store.getTable('default', db, name);

describe('crawler policies', () => {
  it('widens types across files and adds new columns as nullable, with a new table version', async () => {
    await put('a/orders/day=1/x.csv', 'id,qty\n1,2\n2,3\n');
    await crawl({ name: 'widen', source: join(root, 'a'), database: 'a' });
    assert.deepEqual((await table('a', 'orders')).columns, [
      { name: 'id', type: 'bigint' },
      { name: 'qty', type: 'bigint' },
    ]);
    await put('a/orders/day=2/x.csv', 'id,qty,note\n3,2.5,late\n');
    const summary = await crawl({ name: 'widen', source: join(root, 'a'), database: 'a' });
    assert.deepEqual(summary.tablesUpdated, ['orders']);
    assert.equal(summary.partitionsAdded, 1);
    const orders = await table('a', 'orders');
    assert.deepEqual(orders.columns, [
      { name: 'id', type: 'bigint' },
      { name: 'qty', type: 'double' },
      { name: 'note', type: 'string' },
    ]);
    assert.equal(orders.version, 2);
    const versions = await kelp.catalog.store.tableVersions('default', 'a', 'orders');
    assert.deepEqual(
      versions.map((v) => v.version),
      [2, 1],
    );
    assert.match(versions[0]?.reason ?? '', /qty bigint→double, \+note string/);
    // The merged table reads both files, by name.
    const q = await kelp.catalog.queries.start(
      'default',
      { sql: 'SELECT count(*), count(note), sum(qty) FROM a.orders' },
      't',
    );
    await kelp.jobs.waitUntilDone('default', (await kelp.jobs.getById(q.jobId as string)).name, 30_000);
    assert.deepEqual((await kelp.catalog.queries.results('default', q.id)).rows, [[3, 1, 7.5]]);
  });

  it('only logs a schema change under the log policy', async () => {
    await put('b/t/x.csv', 'k,v\n1,2\n');
    await crawl({ name: 'logonly', source: join(root, 'b'), database: 'b' });
    await put('b/t/y.csv', 'k,v\n1,hello\n');
    const summary = await crawl({
      name: 'logonly',
      source: join(root, 'b'),
      database: 'b',
      schemaChangePolicy: 'log',
    });
    assert.equal(summary.logOnly.length, 1);
    assert.match(summary.logOnly[0] ?? '', /v bigint→string/);
    const t = await table('b', 't');
    assert.equal(t.version, 1);
    assert.deepEqual(
      t.columns.map((c) => c.type),
      ['bigint', 'bigint'],
    );
  });

  it('deprecates, deletes or only logs tables whose data is gone', async () => {
    await put('c/keep/x.csv', 'a\n1\n');
    await put('c/gone1/x.csv', 'a\n1\n');
    await crawl({ name: 'del', source: join(root, 'c'), database: 'c' });
    await rm(join(root, 'c/gone1'), { recursive: true });
    const deprecated = await crawl({
      name: 'del',
      source: join(root, 'c'),
      database: 'c',
      deletePolicy: 'deprecate',
    });
    assert.deepEqual(deprecated.tablesDeprecated, ['gone1']);
    assert.equal((await table('c', 'gone1')).deprecated, true);
    const logged = await crawl({ name: 'del', source: join(root, 'c'), database: 'c', deletePolicy: 'log' });
    assert.equal(logged.logOnly.length, 1);
    const deleted = await crawl({
      name: 'del',
      source: join(root, 'c'),
      database: 'c',
      deletePolicy: 'delete',
    });
    assert.deepEqual(deleted.tablesDeleted, ['gone1']);
    assert.deepEqual(
      (await kelp.catalog.store.listTables('default', 'c')).map((t) => t.name),
      ['keep'],
    );
  });

  it('recrawls new folders only, leaving known partitions untouched', async () => {
    await put('d/ev/dt=2024-01-01/x.csv', 'n\n1\n');
    await crawl({ name: 'incr', source: join(root, 'd'), database: 'd' });
    await rm(join(root, 'd/ev/dt=2024-01-01'), { recursive: true });
    await put('d/ev/dt=2024-01-02/x.csv', 'n\n2\n');
    const summary = await crawl({
      name: 'incr',
      source: join(root, 'd'),
      database: 'd',
      recrawlPolicy: 'new-folders-only',
    });
    assert.equal(summary.partitionsAdded, 1);
    assert.equal(summary.partitionsRemoved, 0);
    const t = await table('d', 'ev');
    const parts = await kelp.catalog.store.partitions(t.id);
    assert.deepEqual(
      parts.map((p) => p.values),
      [['2024-01-01'], ['2024-01-02']],
    );
    assert.deepEqual(t.partitionKeys, [{ name: 'dt', type: 'string' }]);
  });

  it('honours exclusion globs, table level 2 and the table prefix', async () => {
    await put('e/sales/eu/x.csv', 'a\n1\n');
    await put('e/sales/us/x.csv', 'a\n1\n');
    await put('e/sales/us/archive-2019.csv', 'a\n1\n');
    const summary = await crawl({
      name: 'level',
      source: join(root, 'e'),
      database: 'e',
      tableLevel: 2,
      exclusions: ['**/archive-*'],
      tablePrefix: 'raw_',
    });
    assert.deepEqual([...summary.tablesCreated].sort(), ['raw_eu', 'raw_us']);
    assert.equal((await table('e', 'raw_us')).fileCount, 1);
  });

  it('crawls an object-store prefix', async () => {
    await kelp.objects.put('lake/f/t1/part=1/a.jsonl', '{"x":1}\n{"x":2}\n');
    await kelp.objects.put('lake/f/t1/part=2/a.jsonl', '{"x":3}\n');
    await kelp.objects.put('lake/f/t1/_SUCCESS', '');
    const summary = await crawl({ name: 'store', source: 'store://lake/f/', database: 'f' });
    assert.deepEqual(summary.tablesCreated, ['t1']);
    const t = await table('f', 't1');
    assert.equal(t.location, 'store://lake/f/t1/');
    assert.equal(t.partitionCount, 2);
    const q = await kelp.catalog.queries.start(
      'default',
      { sql: 'SELECT sum(x) FROM f.t1 WHERE part = 2' },
      't',
    );
    await kelp.jobs.waitUntilDone('default', (await kelp.jobs.getById(q.jobId as string)).name, 30_000);
    assert.deepEqual((await kelp.catalog.queries.results('default', q.id)).rows, [[3]]);
  });

  it('runs a crawler on its cron schedule', async () => {
    await put('h/t/x.csv', 'a\n1\n');
    await kelp.catalog.crawlers.upsert(
      'default',
      { name: 'cron', source: join(root, 'h'), database: 'h', schedule: '* * * * * *', run: false },
      't',
    );
    const run = await waitFor(
      async () => (await kelp.catalog.crawlers.runs('default', 'cron')).find((r) => r.state === 'Completed'),
      10_000,
    );
    assert.deepEqual(run.summary?.tablesCreated, ['t']);
    await kelp.catalog.crawlers.upsert(
      'default',
      { name: 'cron', source: join(root, 'h'), database: 'h', schedule: null, run: false },
      't',
    );
  });

  it('names the file and line of a broken CSV row in a query', async () => {
    const rows = Array.from({ length: 30000 }, (_, i) => `${i},${i}`);
    rows[25000] = '25000,not-a-number';
    await put('k/big/x.csv', `id,v\n${rows.join('\n')}\n`);
    await crawl({ name: 'broken', source: join(root, 'k'), database: 'k' });
    const q = await kelp.catalog.queries.start('default', { sql: 'SELECT sum(v) FROM k.big' }, 't');
    await kelp.jobs.waitUntilDone('default', (await kelp.jobs.getById(q.jobId as string)).name, 30_000);
    const done = await kelp.catalog.queries.get('default', q.id);
    assert.equal(done.state, 'Failed');
    assert.match(done.error ?? '', /x\.csv: line 25002, column v: cannot read "not-a-number" as BIGINT/);
  });

  it('rejects a bad schedule and refuses a second run while one is going', async () => {
    await assert.rejects(
      kelp.catalog.crawlers.upsert(
        'default',
        { name: 'sched', source: root, database: 'g', schedule: 'every day', run: false },
        't',
      ),
      /schedule 'every day'/,
    );
    const { crawler } = await kelp.catalog.crawlers.upsert(
      'default',
      { name: 'sched', source: join(root, 'a'), database: 'g', schedule: '0 3 * * *', run: false },
      't',
    );
    assert.equal(crawler.schedule, '0 3 * * *');
    const job = await kelp.catalog.crawlers.start('default', 'sched', 't');
    await assert.rejects(kelp.catalog.crawlers.start('default', 'sched', 't'), /already running/);
    await kelp.jobs.waitUntilDone('default', job.name, 30_000);
    const runs = await kelp.catalog.crawlers.runs('default', 'sched');
    assert.equal(runs[0]?.state, 'Completed');
  });
});
