import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { KelpClient } from '../../src/client/index.js';
import { buildLake } from '../catalog/lake-fixture.js';
import { tempDir } from '../helpers/index.js';
import { runCli } from '../helpers/run-cli.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const kelp = runCli;

let server: TestServer;
let client: KelpClient;
let dir: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  dir = await tempDir('kelp-lake-it-');
  await buildLake(join(dir.path, 'lake'));
  server = await startTestServer();
  client = new KelpClient({ url: server.url });
});
after(async () => {
  await server.stop();
  await dir.cleanup();
});

describe('data lake over HTTP (SDK)', () => {
  it('crawls, browses the catalog, queries and reads results', async () => {
    const { crawler, job } = await client.crawlers.upsert({
      source: join(dir.path, 'lake'),
      database: 'lake',
      name: 'lake',
    });
    assert.equal(crawler.database, 'lake');
    assert.ok(job);
    await client.jobs.wait(job.name);
    const runs = await client.crawlers.runs('lake');
    assert.equal(runs[0]?.state, 'Completed');
    assert.deepEqual([...(runs[0]?.summary?.tablesCreated ?? [])].sort(), [
      'clicks',
      'events',
      'items',
      'sales',
    ]);
    assert.deepEqual(
      (await client.catalog.databases()).map((d) => [d.name, d.tableCount]),
      [['lake', 4]],
    );
    const sales = await client.catalog.table('lake', 'sales');
    assert.deepEqual(
      sales.partitionKeys.map((k) => k.name),
      ['year', 'month'],
    );
    assert.ok(!('id' in sales), 'internal ids stay on the server');
    assert.equal((await client.catalog.partitions('lake', 'sales')).length, 4);
    assert.equal((await client.catalog.versions('lake', 'sales'))[0]?.version, 1);
    const sample = await client.catalog.sample('lake', 'items', 5);
    assert.equal(sample.rows.length, 5);
    assert.deepEqual(
      sample.columns.map((c) => c.name),
      ['item_id', 'title', 'price'],
    );
    const schema = await client.catalog.schema();
    assert.ok(schema.some((t) => t.name === 'sales' && t.columns.includes('year')));

    const q = await client.queries.start({
      sql: 'SELECT year, count(*) AS n FROM lake.sales GROUP BY 1 ORDER BY 1',
    });
    const done = await client.queries.wait(q.id);
    assert.equal(done.state, 'Succeeded', done.error ?? '');
    assert.deepEqual((await client.queries.results(q.id)).rows, [
      [2023, 6],
      [2024, 6],
    ]);
    const csv = await client.objects.get(done.resultKeys?.csv as string);
    assert.equal(await new Response(csv.body).text(), 'year,n\n2023,6\n2024,6\n');
    const audit = await client.audit.list({ action: 'catalog.queries.start' });
    assert.ok(audit.events.some((e) => e.resource.endsWith(q.id)));
  });

  it('answers bad requests with clear 4xx errors', async () => {
    const bad = await fetch(`${server.url}/api/v1/catalog/databases`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Bad-Name' }),
    });
    assert.equal(bad.status, 400);
    const missing = await fetch(`${server.url}/api/v1/catalog/databases/lake/tables/sale`);
    assert.equal(missing.status, 404);
    assert.match(
      ((await missing.json()) as { error: { message: string } }).error.message,
      /did you mean lake\.sales/,
    );
    const notDone = await client.queries.results('no-such-query').catch((e: Error) => e);
    assert.match(String(notDone), /no query/);
  });

  it('keeps connection passwords out of every response', async () => {
    const created = await client.connections.create({
      name: 'warehouse',
      engine: 'postgresql',
      host: '127.0.0.1',
      database: 'nothing_here',
      user: 'nobody',
      password: 'pw-that-must-not-leak',
    });
    assert.equal(created.hasPassword, true);
    const listed = JSON.stringify(await client.connections.list());
    assert.ok(!listed.includes('pw-that-must-not-leak'));
    const failed = await client.connections.test('warehouse').catch((e: Error) => e);
    assert.ok(failed instanceof Error);
    assert.ok(!failed.message.includes('pw-that-must-not-leak'), failed.message);
  });
});

describe('data lake from the CLI (embedded)', () => {
  it('crawl, catalog, query --output and convert', async () => {
    const home = join(dir.path, 'cli-home');
    const crawl = await kelp([
      '--home',
      home,
      '--json',
      'crawl',
      '--source',
      join(dir.path, 'lake'),
      '--database',
      'lake',
    ]);
    assert.equal(crawl.code, 0, crawl.stderr);
    const summary = JSON.parse(crawl.stdout) as {
      state: string;
      summary: { tablesCreated: string[]; problems: unknown[] };
    };
    assert.equal(summary.state, 'Completed');
    assert.equal(summary.summary.tablesCreated.length, 4);
    assert.equal(summary.summary.problems.length, 2);

    const tables = await kelp(['--home', home, 'catalog', 'tables', 'lake']);
    assert.match(tables.stdout, /sales\s+csv\s+3\s+4/);
    const describe = await kelp(['--home', home, 'catalog', 'table', 'lake.sales']);
    assert.match(describe.stdout, /year\s+bigint\s+yes/);
    const parts = await kelp(['--home', home, '--json', 'catalog', 'partitions', 'lake.events']);
    assert.equal((JSON.parse(parts.stdout) as unknown[]).length, 3);

    const out = join(dir.path, 'result.csv');
    const query = await kelp([
      '--home',
      home,
      'query',
      'SELECT store, sum(amount) AS total FROM lake.sales GROUP BY 1 ORDER BY 1',
      '--output',
      out,
    ]);
    assert.equal(query.code, 0, query.stderr);
    assert.match(query.stderr, /3 rows, .* scanned/);
    assert.equal((await readFile(out, 'utf8')).split('\n')[0], 'store,total');
    const unknown = await kelp(['--home', home, 'query', 'SELECT * FROM lake.sale']);
    assert.equal(unknown.code, 3);
    assert.match(unknown.stderr, /unknown table 'lake\.sale' \(did you mean lake\.sales\?\)/);

    const csv = join(dir.path, 'convert.csv');
    await writeFile(csv, 'x,y,label\n1,2,0\n3,4,1\n');
    const conv = await kelp(['convert', csv, join(dir.path, 'convert.recordio'), '--label', 'label']);
    assert.equal(conv.code, 0, conv.stderr);
    assert.match(conv.stdout, /csv → recordio: 2 rows/);
    const back = await kelp(['convert', join(dir.path, 'convert.recordio'), join(dir.path, 'back.jsonl')]);
    assert.equal(back.code, 0, back.stderr);
    const first = JSON.parse((await readFile(join(dir.path, 'back.jsonl'), 'utf8')).split('\n')[0] as string);
    assert.deepEqual(first, {
      features: { values: { type: 'float32', values: [1, 2] } },
      label: { values: { type: 'float32', values: [0] } },
    });
    const badExt = await kelp(['convert', csv, join(dir.path, 'x.xlsx')]);
    assert.equal(badExt.code, 2);
    assert.match(badExt.stderr, /x\.xlsx: cannot tell the output format/);
  });

  it('creates a connection with the password from an environment variable and never prints it', async () => {
    const home = join(dir.path, 'cli-home');
    const create = await kelp(
      [
        '--home',
        home,
        'connection',
        'create',
        'pg',
        '--engine',
        'postgresql',
        '--database',
        'postgres',
        '--user',
        'postgres',
        '--password-env',
        'PGPW',
      ],
      { PGPW: 'hunter2-secret' },
    );
    assert.equal(create.code, 0, create.stderr);
    const ls = await kelp(['--home', home, '--json', 'connection', 'ls']);
    assert.ok(!ls.stdout.includes('hunter2-secret'));
    assert.equal((JSON.parse(ls.stdout) as { hasPassword: boolean }[])[0]?.hasPassword, true);
    const test = await kelp(['--home', home, 'connection', 'test', 'pg']);
    assert.equal(test.code, 0, test.stderr);
    assert.match(test.stdout, /^ok: \d+/);
  });
});
