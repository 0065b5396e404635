import assert from 'node:assert/strict';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { after, afterEach, before, describe, it } from 'node:test';

import { isPlatformError } from '../../src/core/index.js';
import type { ObjectStore } from '../../src/storage/index.js';
import { readAll } from '../helpers/index.js';

export interface ContractOptions {
  /** Tests a backend cannot pass, each with the reason. */
  readonly skip?: { readonly reason: string; readonly tests: readonly string[] }[];
}

const md5 = (b: Buffer) => `"${createHash('md5').update(b).digest('hex')}"`;

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isPlatformError(err), `expected a PlatformError, got ${String(err)}`);
    assert.equal(err.code, code);
    return true;
  });
}

/** The behaviour every ObjectStore backend must show. Each test works under its own key namespace. */
export function describeObjectStoreContract(
  name: string,
  makeStore: () => Promise<ObjectStore>,
  options: ContractOptions = {},
): void {
  const skipped = new Map(options.skip?.flatMap((s) => s.tests.map((t) => [t, s.reason])) ?? []);
  describe(`ObjectStore contract: ${name}`, () => {
    let store: ObjectStore;
    let ns: string;
    const test = (title: string, fn: () => Promise<void>) =>
      skipped.has(title) ? it(title, { skip: skipped.get(title) }) : it(title, fn);

    before(async () => {
      store = await makeStore();
    });
    after(async () => {
      await store.close();
    });
    afterEach(async () => {
      for (;;) {
        const page = await store.list({ prefix: `${ns}/` });
        await Promise.all(page.objects.map((o) => store.delete(o.key)));
        if (!page.nextCursor) break;
      }
    });
    const key = (k: string) => `${ns}/${k}`;
    const fresh = () => {
      ns = `t-${randomUUID().slice(0, 8)}`;
    };

    test('put then get returns the bytes, size, ETag, content type and metadata', async () => {
      fresh();
      const data = Buffer.from('hello, kelp\n');
      const put = await store.put(key('a.txt'), data, {
        contentType: 'text/plain',
        metadata: { Owner: 'ana', purpose: 'test' },
      });
      assert.equal(put.size, data.length);
      assert.equal(put.etag, md5(data));
      const { info, body } = await store.get(key('a.txt'));
      assert.deepEqual(await readAll(body), data);
      assert.equal(info.contentType, 'text/plain');
      assert.deepEqual(info.metadata, { owner: 'ana', purpose: 'test' });
      const head = await store.head(key('a.txt'));
      assert.equal(head.size, data.length);
      assert.equal(head.etag, md5(data));
      assert.ok(head.lastModified instanceof Date);
    });

    test('put streams a body and overwrites atomically', async () => {
      fresh();
      const big = randomBytes(6 * 1024 * 1024 + 123);
      await store.put(key('big.bin'), Readable.from([big.subarray(0, 1000), big.subarray(1000)]));
      const got = await readAll((await store.get(key('big.bin'))).body);
      assert.equal(got.length, big.length);
      assert.ok(got.equals(big));
      await store.put(key('big.bin'), 'small');
      assert.equal((await readAll((await store.get(key('big.bin'))).body)).toString(), 'small');
    });

    test('empty object', async () => {
      fresh();
      await store.put(key('empty'), Buffer.alloc(0));
      assert.equal((await store.head(key('empty'))).size, 0);
      assert.equal((await readAll((await store.get(key('empty'))).body)).length, 0);
    });

    test('ranged get', async () => {
      fresh();
      await store.put(key('r'), '0123456789');
      const { body } = await store.get(key('r'), { range: { start: 2, end: 5 } });
      assert.equal((await readAll(body)).toString(), '2345');
      const tail = await store.get(key('r'), { range: { start: 7 } });
      assert.equal((await readAll(tail.body)).toString(), '789');
    });

    test('missing objects: get and head are not_found, delete succeeds', async () => {
      fresh();
      await expectCode(store.get(key('nope')), 'not_found');
      await expectCode(store.head(key('nope')), 'not_found');
      await store.delete(key('nope'));
    });

    test('invalid keys are rejected before anything is stored', async () => {
      fresh();
      for (const bad of [
        '',
        '/abs',
        'a/../b',
        '..',
        'a//b',
        'x\u0000y',
        'tab\there',
        'dir/',
        'a\\b',
        '.kelp/x',
      ]) {
        await expectCode(store.put(bad, 'x'), 'invalid_argument');
      }
      const page = await store.list({ prefix: `${ns}/` });
      assert.equal(page.objects.length, 0);
    });

    test('failed put leaves the previous object in place', async () => {
      fresh();
      await store.put(key('keep'), 'old');
      const failing = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 1));
          this.destroy(new Error('client went away'));
        },
      });
      await assert.rejects(store.put(key('keep'), failing));
      assert.equal((await readAll((await store.get(key('keep'))).body)).toString(), 'old');
      await assert.rejects(
        store.put(
          key('never'),
          new Readable({
            read() {
              this.destroy(new Error('boom'));
            },
          }),
        ),
      );
      await expectCode(store.head(key('never')), 'not_found');
    });

    test('aborted put leaves no object', async () => {
      fresh();
      const ac = new AbortController();
      let sent = 0;
      const slow = new Readable({
        read() {
          sent++;
          if (sent === 3) ac.abort();
          setTimeout(() => this.push(Buffer.alloc(64 * 1024, 2)), 5);
        },
      });
      await assert.rejects(store.put(key('aborted'), slow, { signal: ac.signal }));
      await expectCode(store.head(key('aborted')), 'not_found');
    });

    test('list with prefix, delimiter and pagination', async () => {
      fresh();
      const keys = ['a/1', 'a/2', 'a/sub/x', 'a/sub/y', 'a0', 'b/1', 'c'];
      for (const k of keys) await store.put(key(k), k);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ prefix: `${ns}/`, limit: 2, ...(cursor ? { cursor } : {}) });
        assert.ok(page.objects.length <= 2);
        all.push(...page.objects.map((o) => o.key));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(all, ['a/1', 'a/2', 'a/sub/x', 'a/sub/y', 'a0', 'b/1', 'c'].map(key));

      const top = await store.list({ prefix: `${ns}/`, delimiter: '/' });
      assert.deepEqual(top.commonPrefixes, [key('a/'), key('b/')]);
      assert.deepEqual(
        top.objects.map((o) => o.key),
        [key('a0'), key('c')],
      );

      const inA = await store.list({ prefix: key('a/'), delimiter: '/' });
      assert.deepEqual(
        inA.objects.map((o) => o.key),
        [key('a/1'), key('a/2')],
      );
      assert.deepEqual(inA.commonPrefixes, [key('a/sub/')]);

      const partial = await store.list({ prefix: key('a/s') });
      assert.deepEqual(
        partial.objects.map((o) => o.key),
        [key('a/sub/x'), key('a/sub/y')],
      );
    });

    test('delimiter listing pages folders and objects together in key order', async () => {
      fresh();
      for (const k of ['a/1', 'a/sub/x', 'a0', 'b/1', 'c']) await store.put(key(k), k);
      let cursor: string | undefined;
      const seen: string[] = [];
      do {
        const page = await store.list({
          prefix: `${ns}/`,
          delimiter: '/',
          limit: 1,
          ...(cursor ? { cursor } : {}),
        });
        seen.push(...page.commonPrefixes, ...page.objects.map((o) => o.key));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(seen, [key('a/'), key('a0'), key('b/'), key('c')]);
    });

    test('a key that sorts between a folder name and its contents pages in byte order', async () => {
      fresh();
      for (const k of ['a/1', 'a-b', 'a/2']) await store.put(key(k), k);
      const all: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list({ prefix: `${ns}/`, limit: 1, ...(cursor ? { cursor } : {}) });
        all.push(...page.objects.map((o) => o.key));
        cursor = page.nextCursor;
      } while (cursor);
      assert.deepEqual(all, [key('a-b'), key('a/1'), key('a/2')]);
    });

    test('delete removes the object and it no longer lists', async () => {
      fresh();
      await store.put(key('d/x'), '1');
      await store.delete(key('d/x'));
      await expectCode(store.head(key('d/x')), 'not_found');
      assert.equal((await store.list({ prefix: key('d/') })).objects.length, 0);
    });

    test('multipart upload assembles parts in order with an S3-style ETag', async () => {
      fresh();
      const p1 = randomBytes(5 * 1024 * 1024);
      const p2 = Buffer.from('tail');
      const id = await store.multipart.create(key('mp.bin'), {
        contentType: 'application/x-test',
        metadata: { a: '1' },
      });
      const r2 = await store.multipart.uploadPart(id, 2, p2);
      const r1 = await store.multipart.uploadPart(id, 1, Readable.from([p1]));
      await expectCode(store.head(key('mp.bin')), 'not_found');
      await store.multipart.complete(id, [r1, r2]);
      const got = await readAll((await store.get(key('mp.bin'))).body);
      assert.ok(got.equals(Buffer.concat([p1, p2])));
      const head = await store.head(key('mp.bin'));
      assert.equal(head.contentType, 'application/x-test');
      assert.deepEqual(head.metadata, { a: '1' });
    });

    test('multipart ETag is MD5 of the part MD5s, then -<parts>', async () => {
      fresh();
      const id = await store.multipart.create(key('etag.bin'));
      const r1 = await store.multipart.uploadPart(id, 1, Buffer.alloc(5 * 1024 * 1024, 1));
      const r2 = await store.multipart.uploadPart(id, 2, Buffer.from('end'));
      const info = await store.multipart.complete(id, [r1, r2]);
      const h = createHash('md5');
      for (const r of [r1, r2]) h.update(Buffer.from(r.etag.replace(/"/g, ''), 'hex'));
      assert.equal(info.etag, `"${h.digest('hex')}-2"`);
    });

    test('aborted multipart upload leaves nothing', async () => {
      fresh();
      const id = await store.multipart.create(key('gone.bin'));
      await store.multipart.uploadPart(id, 1, Buffer.from('x'));
      await store.multipart.abort(id);
      await expectCode(store.head(key('gone.bin')), 'not_found');
      await assert.rejects(store.multipart.complete(id, [{ partNumber: 1, etag: '"x"' }]));
    });

    test('unicode keys list in byte order', async () => {
      fresh();
      for (const k of ['é', 'z', 'Z', 'ü/x']) await store.put(key(k), k);
      const page = await store.list({ prefix: `${ns}/` });
      assert.deepEqual(
        page.objects.map((o) => o.key),
        ['Z', 'z', 'é', 'ü/x'].map(key),
      );
    });
  });
}
