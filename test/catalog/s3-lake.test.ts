import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Kelp } from '../../src/app/index.js';
import { startS3Server } from '../helpers/s3-server.js';
import { type CatalogHarness, openCatalogHarness } from './harness.js';

process.env.AWS_ACCESS_KEY_ID ??= 'S3RVER';
process.env.AWS_SECRET_ACCESS_KEY ??= 'S3RVER';

let server: Awaited<ReturnType<typeof startS3Server>>;
let h: CatalogHarness;
let kelp: Kelp;
before(async () => {
  server = await startS3Server();
  const storeUrl = `s3://${server.bucket}/kelp/?endpoint=${encodeURIComponent(server.endpoint)}&forcePathStyle=true`;
  h = await openCatalogHarness({ storeUrl });
  kelp = h.kelp;
});
after(async () => {
  await h.close();
  await server.stop();
});

describe('a lake on an S3 object store', () => {
  it('crawls objects that have no local path and queries them through the local cache', async () => {
    assert.equal(kelp.objects.capabilities.localPaths, false);
    await kelp.objects.put('lake/trips/city=paris/a.csv', 'id,km\n1,2.5\n2,4\n');
    await kelp.objects.put('lake/trips/city=oslo/a.csv', 'id,km\n3,10\n');
    await kelp.objects.put('lake/trips/_SUCCESS', '');
    const summary = await h.crawl({ source: 'store://lake/', database: 's3lake', name: 's3' });
    assert.deepEqual(summary.tablesCreated, ['trips']);
    const trips = await kelp.catalog.store.getTable('default', 's3lake', 'trips');
    assert.deepEqual(
      trips.columns.map((c) => [c.name, c.type]),
      [
        ['id', 'bigint'],
        ['km', 'double'],
      ],
    );
    assert.deepEqual(trips.partitionKeys, [{ name: 'city', type: 'string' }]);
    const paris = "SELECT sum(km) FROM s3lake.trips WHERE city = 'paris'";
    const first = await h.query(paris);
    assert.equal(first.query.state, 'Succeeded', first.query.error ?? '');
    assert.deepEqual(first.rows, [[6.5]]);
    // A changed object (new ETag) is fetched again, not served stale from the cache.
    await kelp.objects.put('lake/trips/city=paris/a.csv', 'id,km\n1,100\n');
    assert.deepEqual((await h.query(paris)).rows, [[100]]);
  });
});
