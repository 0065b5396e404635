import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { KelpClient } from '../../src/client/index.js';
import { tempDir, waitFor } from '../helpers/index.js';
import { startServerProcess } from '../helpers/server-process.js';

const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups) await c();
});

async function finished(client: KelpClient, name: string) {
  return waitFor(
    async () => {
      const j = await client.jobs.get(name);
      return ['Completed', 'Failed', 'Stopped'].includes(j.state) ? j : undefined;
    },
    120_000,
    `${name} finished`,
  );
}

async function predictions(client: KelpClient, model: string): Promise<string> {
  const job = await client.models.predict(model, {
    data: 'store://data/penguins/',
    output: `out/${model}.csv`,
  });
  assert.equal((await finished(client, job.name)).state, 'Completed');
  return new Response((await client.objects.get(`out/${model}.csv`)).body).text();
}

describe('kill -9 during training', () => {
  it('the job is re-queued, resumes from its checkpoint and ends with the model an uninterrupted run makes', async () => {
    const home = await tempDir('kelp-train-crash-');
    cleanups.push(home.cleanup);
    let server = await startServerProcess(home.path);
    cleanups.unshift(() => server.stop().then(() => undefined));
    let client = new KelpClient({ url: server.url });
    await client.objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
    const request = {
      algorithm: 'random-forest',
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: { num_trees: 10000, max_depth: 3, oob_score: true },
    };
    const { job } = await client.models.train({ ...request, name: 'resumed' });
    // oob metrics come every 100 trees; the first checkpoint is written with the first tree.
    await waitFor(
      async () => (await client.jobs.metrics(job.name)).filter((m) => m.name === 'oob:accuracy').length >= 2,
      60_000,
      'some trees grown',
    );
    await server.kill9();

    server = await startServerProcess(home.path);
    client = new KelpClient({ url: server.url });
    const done = await finished(client, job.name);
    assert.equal(done.state, 'Completed', done.failureReason ?? '');
    assert.equal(done.attempts, 2);
    const log = (await client.jobs.logs(job.name)).map((l) => l.text);
    assert.ok(
      log.some((l) => l.includes('resuming from the last checkpoint')),
      log.join('\n'),
    );
    assert.ok(log.some((l) => /random-forest: \d+ trees from the checkpoint/.test(l)));

    const { job: again } = await client.models.train({ ...request, name: 'uninterrupted' });
    assert.equal((await finished(client, again.name)).state, 'Completed');
    assert.equal(await predictions(client, 'resumed'), await predictions(client, 'uninterrupted'));
  });
});
