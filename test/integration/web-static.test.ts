import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import { tempDir } from '../helpers/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const SHELL =
  '<!doctype html><html><body><div id="root"></div><script src="/assets/app-123.js"></script></body></html>';

async function expectShell(res: Response) {
  assert.equal(res.status, 200, res.url);
  assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
  assert.equal(res.headers.get('cache-control'), 'no-cache');
  assert.equal(await res.text(), SHELL);
}

async function expectNotFound(res: Response, message: RegExp) {
  assert.equal(res.status, 404, res.url);
  const body = (await res.json()) as { error: { code: string; message: string; details: unknown } };
  assert.equal(body.error.code, 'not_found');
  assert.match(body.error.message, message);
  assert.deepEqual(body.error.details, {});
}

describe('web console, built', () => {
  let server: TestServer;
  let dist: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    // A tiny stand-in for `npx vite build web`.
    dist = await tempDir('kelp-web-dist-');
    await mkdir(join(dist.path, 'assets'));
    await writeFile(join(dist.path, 'index.html'), SHELL);
    await writeFile(join(dist.path, 'assets', 'app-123.js'), 'console.log("kelp");\n');
    await writeFile(join(dist.path, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    server = await startTestServer({}, { webDist: dist.path });
  });
  after(async () => {
    await server.stop();
    await dist.cleanup();
  });
  const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);

  it('answers / and deep links with index.html, never cached', async () => {
    for (const path of ['/', '/jobs', '/jobs/my-job', '/objects?prefix=a/', '/objects/info?key=a/b.csv'])
      await expectShell(await get(path));
    const head = await get('/jobs/x', { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('cache-control'), 'no-cache');
  });

  it('serves hashed assets as immutable and public files beside index.html', async () => {
    const js = await get('/assets/app-123.js');
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /javascript/);
    assert.match(js.headers.get('cache-control') ?? '', /max-age=31536000/);
    assert.match(js.headers.get('cache-control') ?? '', /immutable/);
    assert.equal(await js.text(), 'console.log("kelp");\n');
    const icon = await get('/favicon.svg');
    assert.equal(icon.status, 200);
    assert.match(icon.headers.get('content-type') ?? '', /^image\/svg\+xml/);
    assert.doesNotMatch(icon.headers.get('cache-control') ?? '', /immutable/);
  });

  it('keeps JSON 404s for unknown API routes, missing files and non-GET methods', async () => {
    await expectNotFound(await get('/api/v1/nope'), /no route GET \/api\/v1\/nope/);
    await expectNotFound(await get('/api'), /no route GET \/api/);
    await expectNotFound(await get('/assets/missing-1.js'), /no route GET \/assets\/missing-1\.js/);
    await expectNotFound(await get('/assets/no-extension'), /no route/);
    await expectNotFound(await get('/missing.png'), /no route GET \/missing\.png/);
    await expectNotFound(await get('/index.html/x.js'), /no route/);
    await expectNotFound(await get('/jobs/x', { method: 'POST' }), /no route POST \/jobs\/x/);
    // The API itself is untouched.
    assert.equal((await get('/api/health')).status, 200);
    assert.equal((await get('/api/docs')).status, 200);
  });
});

describe('web console, not built', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({}, { webDist: join(process.cwd(), 'no-such-web-dist') });
  });
  after(() => server.stop());
  const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });

  it('redirects / to the API docs and says how to build the console elsewhere', async () => {
    const root = await get('/');
    assert.equal(root.status, 302);
    assert.equal(root.headers.get('location'), '/api/docs');
    await expectNotFound(await get('/jobs/x'), /web console is not built.*npm run build/);
    await expectNotFound(await get('/assets/app-123.js'), /web console is not built/);
    await expectNotFound(await get('/api/v1/nope'), /no route GET \/api\/v1\/nope/);
  });
});
