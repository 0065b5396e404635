import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { startTestServer, type TestServer } from '../helpers/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ bodyLimit: 64 * 1024 });
});
after(() => server.stop());

const api = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
const json = (body: unknown, method = 'POST'): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

async function expectError(res: Response, status: number, code: string, message?: RegExp) {
  assert.equal(res.status, status, await res.clone().text());
  const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
  assert.equal(body.error.code, code);
  assert.equal(typeof body.error.message, 'string');
  assert.ok(body.error.details && typeof body.error.details === 'object');
  if (message) assert.match(body.error.message, message);
  return body.error;
}

describe('HTTP API', () => {
  it('health, identity, request ids and the OpenAPI document', async () => {
    const health = await api('/api/health');
    assert.equal(health.status, 200);
    const body = (await health.json()) as { status: string; metadataStore: string; objectStore: string };
    assert.deepEqual([body.status, body.metadataStore, body.objectStore], ['ok', 'sqlite', 'file']);
    assert.ok(health.headers.get('x-request-id'));
    const mine = await api('/api/health', { headers: { 'x-request-id': 'req-123' } });
    assert.equal(mine.headers.get('x-request-id'), 'req-123');
    const who = (await (await api('/api/v1/identity?project=team-a')).json()) as {
      principal: string;
      project: string;
    };
    assert.deepEqual(who, { principal: 'local-admin', type: 'admin', project: 'team-a' });
    const doc = (await (await api('/api/docs/json')).json()) as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    assert.match(doc.openapi, /^3\./);
    assert.ok(doc.paths['/api/v1/jobs'] && doc.paths['/api/v1/objects']);
    assert.equal((await api('/api/docs')).status, 200);
  });

  it('bad input: malformed JSON, schema violations, unknown routes and resources, duplicates, size', async () => {
    await expectError(
      await api('/api/v1/jobs', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"kind": ',
      }),
      400,
      'invalid_argument',
      /malformed JSON/,
    );
    const err = await expectError(
      await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', maxAttempts: 'many' })),
      400,
      'invalid_argument',
    );
    assert.match(err.message, /body\.maxAttempts/);
    const missing = await expectError(
      await api('/api/v1/jobs', json({ name: 'x' })),
      400,
      'invalid_argument',
    );
    assert.match(missing.message, /body\.kind is required/);
    await expectError(
      await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', name: 'bad name!' })),
      400,
      'invalid_argument',
      /body\.name/,
    );
    await expectError(await api('/api/v1/jobs/nope'), 404, 'not_found', /job 'nope' does not exist/);
    await expectError(await api('/api/v1/nowhere'), 404, 'not_found');
    assert.equal((await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', name: 'twice' }))).status, 201);
    await expectError(
      await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', name: 'twice' })),
      409,
      'already_exists',
    );
    await expectError(
      await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', input: { pad: 'x'.repeat(100 * 1024) } })),
      413,
      'payload_too_large',
    );
    await expectError(
      await api('/api/v1/objects/a%2F..%2Fetc', { method: 'PUT', body: 'x' }),
      400,
      'invalid_argument',
      /'\.\.' segments/,
    );
    await expectError(
      await api('/api/v1/objects/x%00y', { method: 'PUT', body: 'x' }),
      400,
      'invalid_argument',
      /control character/,
    );
    await expectError(await api('/api/v1/jobs?project=bad%20project'), 400, 'invalid_argument', /project/);
    // The server is still up.
    assert.equal((await api('/api/health')).status, 200);
  });

  it('objects: put with metadata, head, get, range, list, delete; large bodies are not limited', async () => {
    const big = Buffer.alloc(300 * 1024, 7);
    const put = await api('/api/v1/objects/data/big.bin', {
      method: 'PUT',
      headers: { 'content-type': 'application/x-test', 'x-kelp-meta-owner': 'ana' },
      body: big,
    });
    assert.equal(put.status, 200, await put.clone().text());
    const info = (await put.json()) as { size: number; etag: string };
    assert.equal(info.size, big.length);
    const head = await api('/api/v1/objects/data/big.bin', { method: 'HEAD' });
    assert.equal(head.headers.get('content-length'), String(big.length));
    assert.equal(head.headers.get('x-kelp-meta-owner'), 'ana');
    assert.equal(head.headers.get('etag'), info.etag);
    const got = Buffer.from(await (await api('/api/v1/objects/data/big.bin')).arrayBuffer());
    assert.ok(got.equals(big));
    const part = await api('/api/v1/objects/data/big.bin', { headers: { range: 'bytes=10-19' } });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), `bytes 10-19/${big.length}`);
    assert.equal((await part.arrayBuffer()).byteLength, 10);
    assert.equal(
      (await api('/api/v1/objects/data/big.bin', { headers: { 'if-none-match': info.etag } })).status,
      304,
    );
    await api('/api/v1/objects/data/sub/x.txt', { method: 'PUT', body: 'x' });
    const list = (await (await api('/api/v1/objects?prefix=data/&delimiter=/')).json()) as {
      objects: { key: string }[];
      commonPrefixes: string[];
    };
    assert.deepEqual(
      list.objects.map((o) => o.key),
      ['data/big.bin'],
    );
    assert.deepEqual(list.commonPrefixes, ['data/sub/']);
    assert.equal((await api('/api/v1/objects/data/big.bin', { method: 'DELETE' })).status, 204);
    await expectError(await api('/api/v1/objects/data/big.bin'), 404, 'not_found');
  });

  it('objects: a JSON file is stored byte for byte, not parsed (regression)', async () => {
    const text = '{"a": 1,\n "b": [true]}';
    const put = await api('/api/v1/objects/docs/x.json', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: text,
    });
    assert.equal(put.status, 200, await put.clone().text());
    const got = await api('/api/v1/objects/docs/x.json');
    assert.equal(got.headers.get('content-type'), 'application/json');
    assert.equal(await got.text(), text);
    const notJson = await api('/api/v1/objects/docs/bad.json', {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(notJson.status, 200);
  });

  it('objects: multipart upload through the API', async () => {
    const start = await api('/api/v1/uploads', json({ key: 'mp/file.bin', contentType: 'text/plain' }));
    assert.equal(start.status, 201);
    const { uploadId } = (await start.json()) as { uploadId: string };
    const p1 = (await (
      await api(`/api/v1/uploads/${uploadId}/parts/1`, {
        method: 'PUT',
        body: Buffer.alloc(5 * 1024 * 1024, 1),
      })
    ).json()) as { etag: string };
    const p2 = (await (
      await api(`/api/v1/uploads/${uploadId}/parts/2`, { method: 'PUT', body: 'end' })
    ).json()) as { etag: string };
    const done = await api(
      `/api/v1/uploads/${uploadId}/complete`,
      json({
        parts: [
          { partNumber: 1, etag: p1.etag },
          { partNumber: 2, etag: p2.etag },
        ],
      }),
    );
    assert.equal(done.status, 200, await done.clone().text());
    assert.equal(((await done.json()) as { size: number }).size, 5 * 1024 * 1024 + 3);
  });

  it('jobs: submit, describe, live events over SSE, logs, metrics, history, stop', async () => {
    const res = await api(
      '/api/v1/jobs',
      json({ kind: 'diagnostic.sleep', name: 'api-sleep', input: { seconds: 0.4, steps: 4 } }),
    );
    assert.equal(res.status, 201);
    const events = await api('/api/v1/jobs/api-sleep/events');
    assert.equal(events.headers.get('content-type'), 'text/event-stream; charset=utf-8');
    const text = await events.text(); // the stream ends when the job ends
    assert.match(text, /event: progress/);
    assert.match(text, /event: log/);
    assert.match(text, /"state":"Completed"/);
    const logs = (await (await api('/api/v1/jobs/api-sleep/logs')).json()) as { lines: { text: string }[] };
    assert.equal(logs.lines.length, 4);
    const follow = await (await api('/api/v1/jobs/api-sleep/logs?follow=true')).text();
    assert.equal(follow.match(/event: log/g)?.length, 4);
    assert.match(follow, /event: end\ndata: \{"state":"Completed"\}/);
    const metrics = (await (await api('/api/v1/jobs/api-sleep/metrics')).json()) as { metrics: unknown[] };
    assert.equal(metrics.metrics.length, 4);
    const history = (await (await api('/api/v1/jobs/api-sleep/history')).json()) as {
      history: { state: string }[];
    };
    assert.deepEqual(
      history.history.map((h) => h.state),
      ['Pending', 'InProgress', 'Completed'],
    );
    const job = (await (await api('/api/v1/jobs/api-sleep')).json()) as { cost: { wallSeconds: number } };
    assert.ok(job.cost.wallSeconds >= 0.4);

    await api('/api/v1/jobs', json({ kind: 'diagnostic.sleep', name: 'api-stop', input: { seconds: 60 } }));
    const stopped = await api('/api/v1/jobs/api-stop/stop', { method: 'POST' });
    assert.equal(stopped.status, 200);
    const kinds = (await (await api('/api/v1/job-kinds')).json()) as { kinds: { kind: string }[] };
    assert.ok(kinds.kinds.some((k) => k.kind === 'script'));
    const page = (await (await api('/api/v1/jobs?kind=diagnostic.sleep&limit=1')).json()) as {
      jobs: unknown[];
      nextCursor?: string;
    };
    assert.equal(page.jobs.length, 1);
    assert.ok(page.nextCursor);
  });

  it('audit: every mutating call is recorded, failures too; secrets never come back', async () => {
    const put = await api(
      '/api/v1/secrets/db-password',
      json({ value: 's3cr3t-value', description: 'warehouse' }, 'PUT'),
    );
    assert.equal(put.status, 200);
    const putText = await put.text();
    assert.doesNotMatch(putText, /s3cr3t-value/);
    const list = await (await api('/api/v1/secrets')).text();
    assert.doesNotMatch(list, /s3cr3t-value/);
    assert.match(list, /db-password/);
    assert.equal(await server.kelp.secrets.reveal('default', 'db-password'), 's3cr3t-value');
    await api('/api/v1/jobs', json({ kind: 'diagnostic.noop', name: 'twice' })); // 409
    const audit = (await (await api('/api/v1/audit?limit=100')).json()) as {
      events: {
        action: string;
        resource: string;
        outcome: string;
        principal: string;
        errorCode: string | null;
      }[];
    };
    const secret = audit.events.find((e) => e.action === 'secrets.put');
    assert.deepEqual(
      [secret?.resource, secret?.outcome, secret?.principal],
      ['kelp:default:secret/db-password', 'success', 'local-admin'],
    );
    assert.ok(
      audit.events.some(
        (e) => e.action === 'jobs.submit' && e.outcome === 'failure' && e.errorCode === 'already_exists',
      ),
    );
    assert.ok(
      audit.events.some(
        (e) => e.action === 'objects.put' && e.resource === 'kelp:default:object/data/big.bin',
      ),
    );
    assert.ok(
      audit.events.some((e) => e.action === 'jobs.submit' && e.resource === 'kelp:default:job/api-sleep'),
    );
    assert.ok(!audit.events.some((e) => e.action.includes('list') || e.action.includes('get')));
  });
});

describe('hostile requests do not crash the server', () => {
  it('answers odd requests with clean errors and stays up', async () => {
    const odd: [string, RequestInit | undefined, number][] = [
      ['/api/v1/objects/%E0%A4%A', undefined, 400],
      [
        '/api/v1/jobs/x/stop',
        { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[' },
        400,
      ],
      ['/api/v1/jobs', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' }, 400],
      [
        '/api/v1/jobs',
        { method: 'POST', headers: { 'content-type': 'application/x-nope' }, body: 'hello' },
        415,
      ],
      ['/api/v1/jobs', { method: 'DELETE' }, 404],
      ['/api/v1/jobs?limit=-5', undefined, 400],
      ['/api/v1/jobs?state=Exploded', undefined, 400],
      ['/api/v1/jobs?cursor=garbage', undefined, 400],
      ['/api/v1/audit?cursor=%27%20OR%201%3D1', undefined, 400],
      ['/api/v1/objects?prefix=../../etc', undefined, 400],
      [
        '/api/v1/secrets/x',
        { method: 'PUT', headers: { 'content-type': 'application/json' }, body: '{"value": ""}' },
        400,
      ],
      ['/api/v1/uploads/not-an-id/complete', json({ parts: [{ partNumber: 1, etag: 'x' }] }), 404],
    ];
    for (const [path, init, status] of odd) {
      const res = await api(path, init);
      assert.equal(res.status, status, `${init?.method ?? 'GET'} ${path}: ${await res.clone().text()}`);
      const body = (await res.json()) as { error?: { code: string } };
      assert.ok(body.error?.code, `${path} answered with the error shape`);
    }
    await api('/api/v1/objects/clash', { method: 'PUT', body: '1' });
    const clash = await api('/api/v1/objects/clash/inner', { method: 'PUT', body: '2' });
    assert.equal(clash.status, 409);
    assert.equal((await api('/api/health')).status, 200);
  });
});

describe('admin token', () => {
  it('requires the token on every call but health', async () => {
    const guarded = await startTestServer({ adminToken: 'tok-123' });
    try {
      assert.equal((await fetch(`${guarded.url}/api/health`)).status, 200);
      const denied = await fetch(`${guarded.url}/api/v1/jobs`);
      assert.equal(denied.status, 401);
      assert.equal(((await denied.json()) as { error: { code: string } }).error.code, 'unauthenticated');
      assert.equal(
        (await fetch(`${guarded.url}/api/v1/jobs`, { headers: { authorization: 'Bearer wrong' } })).status,
        401,
      );
      const ok = await fetch(`${guarded.url}/api/v1/identity`, {
        headers: { authorization: 'Bearer tok-123' },
      });
      assert.equal(((await ok.json()) as { principal: string }).principal, 'admin');
    } finally {
      await guarded.stop();
    }
  });
});
