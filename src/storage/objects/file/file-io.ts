import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { isAlive, PlatformError } from '../../../core/index.js';
import { HashingCounter } from '../stream-body.js';

/** Names temp files `<pid>-<uuid>` so a restart can tell which ones a dead process left behind. */
export function tempName(): string {
  return `${process.pid}-${randomUUID()}`;
}

/** Streams `body` to `path`, hashing it, then fsyncs: the data is on disk before anyone renames it. */
export async function writeDurably(
  path: string,
  body: Readable,
  options: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<{ etag: string; size: number }> {
  const counter = new HashingCounter(options.onProgress);
  // 1 MiB chunks: fewer syscalls than the 64 KiB default, still bounded memory.
  const out = createWriteStream(path, { highWaterMark: 1 << 20 });
  await pipeline(body, counter, out, options.signal ? { signal: options.signal } : {});
  await fsyncPath(path);
  return { etag: counter.etag(), size: counter.bytes };
}

export async function fsyncPath(path: string): Promise<void> {
  const fh = await open(path, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/** Renames into place, creating parent folders; then fsyncs the folder so the rename survives a crash. */
export async function renameIntoPlace(from: string, to: string, key: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await mkdir(dirname(to), { recursive: true });
      await rename(from, to);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && attempt < 3) continue; // a concurrent delete removed an empty parent
      if (code === 'ENOTDIR' || code === 'EEXIST' || code === 'EISDIR' || code === 'ENOTEMPTY') {
        throw new PlatformError(
          'conflict',
          `object key '${key}' conflicts with an existing object or folder: on a file store a key cannot be both an object and a prefix of other keys`,
          { key },
        );
      }
      throw err;
    }
  }
  await fsyncPath(dirname(to)).catch(() => undefined);
}

/** Removes folders left empty by a delete, walking up to (not including) `root`. */
export async function pruneEmptyParents(path: string, root: string): Promise<void> {
  let dir = dirname(path);
  while (dir.startsWith(root) && dir !== root) {
    try {
      const entries = await readdir(dir);
      if (entries.length > 0) return;
      await rmdir(dir);
    } catch {
      return;
    }
    dir = dirname(dir);
  }
}

/** Deletes temp files whose writer process is gone (a crash mid-write leaves them behind). */
export async function sweepTempFiles(tmpDir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(tmpDir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid !== process.pid && !isAlive(pid)) {
      await rm(join(tmpDir, name), { force: true, recursive: true });
    }
  }
}

export async function statOrUndefined(path: string) {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}
