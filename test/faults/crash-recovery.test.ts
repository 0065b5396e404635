import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';

import Database from 'better-sqlite3';

import { KelpClient } from '../../src/client/index.js';
import { tempDir, waitFor } from '../helpers/index.js';
import { startServerProcess } from '../helpers/server-process.js';

const cleanups: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of cleanups) await c();
});

/** A body of `total` bytes made on the fly; calls `onSent` with the count so far. */
async function* generated(total: number, onSent: (n: number) => void): AsyncGenerator<Uint8Array> {
  const chunk = new Uint8Array(1 << 20).fill(42);
  let sent = 0;
  while (sent < total) {
    const n = Math.min(chunk.length, total - sent);
    sent += n;
    onSent(sent);
    yield n === chunk.length ? chunk : chunk.subarray(0, n);
  }
}

describe('kill -9 of the server', () => {
  it('during a 1 GiB upload: the old object survives, no partial object or temp file remains', async () => {
    const home = await tempDir('kelp-crash-');
    cleanups.push(home.cleanup);
    let server = await startServerProcess(home.path);
    let client = new KelpClient({ url: server.url });
    await client.objects.put('lake/big.bin', 'previous version');

    let sent = 0;
    const upload = client.objects
      .put(
        'lake/big.bin',
        generated(1024 * 1024 * 1024, (n) => (sent = n)),
      )
      .catch((err: Error) => err);
    await waitFor(() => sent > 200 * 1024 * 1024, 60_000, '200 MiB sent');
    await server.kill9();
    assert.ok((await upload) instanceof Error, 'the upload fails when the server dies');

    server = await startServerProcess(home.path);
    client = new KelpClient({ url: server.url });
    const { body } = await client.objects.get('lake/big.bin');
    assert.equal(await new Response(body).text(), 'previous version');
    const tmp = await readdir(join(home.path, 'objects', '.kelp', 'tmp'));
    assert.deepEqual(tmp, [], 'the restart swept the dead writer temp file');
    const listed = await client.objects.list({ prefix: 'lake/' });
    assert.deepEqual(
      listed.objects.map((o) => [o.key, o.size]),
      [['lake/big.bin', 16]],
    );
    await server.stop();
  });

  it('during running jobs: each is re-queued or failed with "worker lost", metadata stays consistent', async () => {
    const home = await tempDir('kelp-crash-');
    cleanups.push(home.cleanup);
    let server = await startServerProcess(home.path);
    let client = new KelpClient({ url: server.url });
    await client.jobs.submit({ kind: 'diagnostic.sleep', name: 'once', input: { seconds: 600, steps: 600 } });
    await client.jobs.submit({
      kind: 'diagnostic.sleep',
      name: 'retry',
      input: { seconds: 1, steps: 2 },
      maxAttempts: 2,
    });
    await waitFor(async () => (await client.jobs.get('once')).state === 'InProgress', 15_000, 'once running');
    await waitFor(
      async () => (await client.jobs.get('retry')).state === 'InProgress',
      15_000,
      'retry running',
    );
    await server.kill9();

    const db = new Database(join(home.path, 'kelp.db'), { readonly: true });
    assert.equal(db.pragma('integrity_check', { simple: true }), 'ok');
    db.close();

    server = await startServerProcess(home.path);
    client = new KelpClient({ url: server.url });
    const once = await client.jobs.get('once');
    assert.equal(once.state, 'Failed');
    assert.equal(once.failureReason, 'worker lost');
    const retried = await waitFor(
      async () => {
        const j = await client.jobs.get('retry');
        return j.state === 'Completed' ? j : undefined;
      },
      20_000,
      'retry completed',
    );
    assert.equal(retried.attempts, 2);
    const history = (await client.jobs.history('retry')).map((h) => h.statusMessage);
    assert.ok(
      history.some((m) => m.startsWith('Worker lost; re-queued')),
      history.join(' | '),
    );
    const audit = await client.audit.list({ action: 'jobs.submit' });
    assert.equal(audit.events.length, 2);
    await server.stop();
  });

  it('graceful stop hands running jobs back without using an attempt', async () => {
    const home = await tempDir('kelp-crash-');
    cleanups.push(home.cleanup);
    let server = await startServerProcess(home.path);
    let client = new KelpClient({ url: server.url });
    await client.jobs.submit({ kind: 'diagnostic.sleep', name: 'long', input: { seconds: 600, steps: 600 } });
    await waitFor(async () => (await client.jobs.get('long')).state === 'InProgress', 15_000, 'running');
    assert.equal(await server.stop(), 0);
    server = await startServerProcess(home.path);
    client = new KelpClient({ url: server.url });
    const job = await waitFor(
      async () => {
        const j = await client.jobs.get('long');
        return j.state === 'InProgress' ? j : undefined;
      },
      15_000,
      'running again',
    );
    assert.equal(job.attempts, 1);
    assert.ok(
      (await client.jobs.history('long')).some((h) => h.statusMessage === 'Re-queued: the worker shut down'),
    );
    await client.jobs.stop('long');
    await server.stop();
  });
});
