import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';

import { openObjectStore } from '../../src/storage/index.js';
import { tempDir } from '../helpers/index.js';
import { describeObjectStoreContract } from './object-store.contract.js';

const dirs: (() => Promise<void>)[] = [];
after(async () => {
  for (const c of dirs) await c();
});

describeObjectStoreContract('file', async () => {
  const dir = await tempDir();
  dirs.push(dir.cleanup);
  return openObjectStore(pathToFileURL(dir.path).href);
});

describe('file store specifics', () => {
  it('a key cannot be both an object and a folder', async () => {
    const dir = await tempDir();
    dirs.push(dir.cleanup);
    const store = await openObjectStore(pathToFileURL(dir.path).href);
    await store.put('a', '1');
    await assert.rejects(store.put('a/b', '2'), /conflicts/);
  });

  it('files placed in the folder by other means are objects', async () => {
    const dir = await tempDir();
    dirs.push(dir.cleanup);
    const store = await openObjectStore(pathToFileURL(dir.path).href);
    await writeFile(join(dir.path, 'plain.csv'), 'a,b\n1,2\n');
    const info = await store.head('plain.csv');
    assert.equal(info.size, 8);
    assert.equal(store.localPath?.('plain.csv'), join(dir.path, 'plain.csv'));
    assert.deepEqual(
      (await store.list()).objects.map((o) => o.key),
      ['plain.csv'],
    );
  });

  it('unknown schemes list the known ones', async () => {
    await assert.rejects(openObjectStore('gs://bucket/x'), /known schemes: file, s3/);
  });
});
