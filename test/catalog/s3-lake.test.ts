import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { type Kelp, openKelp } from '../../src/app/index.js';
import type { CrawlSummary } from '../../src/contract/index.js';
import { loadConfig } from '../../src/core/index.js';
import { tempDir } from '../helpers/index.js';
import { startS3Server } from '../helpers/s3-server.js';

process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';

let server: Awaited<ReturnType<typeof startS3Server>>;
let kelp: Kelp;
let home: Awaited<ReturnType<typeof tempDir>>;
before(async () => {
  server = await startS3Server();
  home = await tempDir();
  const storeUrl = `s3://${server.bucket}/kelp/?endpoint=${encodeURIComponent(server.endpoint)}&forcePathStyle=true`;
  kelp = await openKelp(
    loadConfig({ home: home.path, storeUrl, logLevel: 'silent', adminToken: undefined }),
    { runJobs: true },
  );
});
after(async () => {
  await kelp.close();
  await server.stop();
  await home.cleanup();
});

describe('a lake on an S3 object store', () => {
  it('crawls objects that have no local path and queries them through the local cache', async () => {
    assert.equal(kelp.objects.capabilities.localPaths, false);
    await kelp.objects.put('lake/trips/city=paris/a.csv', 'id,km\n1,2.5\n2,4\n');
    await kelp.objects.put('lake/trips/city=oslo/a.csv', 'id,km\n3,10\n');
    await kelp.objects.put('lake/trips/_SUCCESS', '');
    const { job } = await kelp.catalog.crawlers.upsert(
      'default',
      { source: 'store://lake/', database: 's3lake', name: 's3' },
      't',
    );
    const done = await kelp.jobs.waitUntilDone('default', job?.name as string, 30_000);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    assert.deepEqual((done.result as CrawlSummary).tablesCreated, ['trips']);
    const trips = await kelp.catalog.store.getTable('default', 's3lake', 'trips');
    assert.deepEqual(
      trips.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'bigint'],
        ['km', 'double'],
      ],
    );
    assert.deepEqual(trips.partitionKeys, [{ name: 'city', type: 'string' }]);
    const q = await kelp.catalog.queries.start(
      'default',
      { sql: "SELECT sum(km) FROM s3lake.trips WHERE city = 'paris'" },
      't',
    );
    await kelp.jobs.waitUntilDone('default', (await kelp.jobs.getById(q.jobId as string)).name, 30_000);
    const result = await kelp.catalog.queries.get('default', q.id);
    assert.equal(result.state, 'Succeeded', result.error ?? '');
    assert.deepEqual((await kelp.catalog.queries.results('default', q.id)).rows, [[6.5]]);
    // A changed object (new ETag) is fetched again, not served stale from the cache.
    await kelp.objects.put('lake/trips/city=paris/a.csv', 'id,km\n1,100\n');
    const q2 = await kelp.catalog.queries.start(
      'default',
      { sql: "SELECT sum(km) FROM s3lake.trips WHERE city = 'paris'" },
      't',
    );
    await kelp.jobs.waitUntilDone('default', (await kelp.jobs.getById(q2.jobId as string)).name, 30_000);
    assert.deepEqual((await kelp.catalog.queries.results('default', q2.id)).rows, [[100]]);
  });
});
