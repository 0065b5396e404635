import { createHash, randomUUID } from 'node:crypto';
import { type FileHandle, mkdir, open, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { addAbortSignal, type Readable } from 'node:stream';

import { isAlive, PlatformError } from '../../../core/index.js';

/** Names temp files `<pid>-<uuid>` so a restart can tell which ones a dead process left behind. */
export function tempName(): string {
  return `${process.pid}-${randomUUID()}`;
}

/** Writes all of `buf` at `position` (a write may be short; loop until done). */
async function writeAll(fh: FileHandle, buf: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Streams `body` to `path` while computing its MD5 (the S3 ETag), then fsyncs: the data is on disk
 * before anyone renames it into place. Writes go through the file handle directly, two in flight,
 * which moves bytes about twice as fast as a stream pipeline; memory stays at a few chunks.
 */
export async function writeDurably(
  path: string,
  body: Readable,
  options: { signal?: AbortSignal; onProgress?: (bytes: number) => void } = {},
): Promise<{ etag: string; size: number }> {
  if (options.signal) addAbortSignal(options.signal, body);
  const md5 = createHash('md5');
  const fh = await open(path, 'w');
  let size = 0;
  const writes: Promise<void>[] = [];
  try {
    for await (const chunk of body) {
      const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string);
      writes.push(writeAll(fh, buf, size));
      size += buf.length;
      options.onProgress?.(size);
      md5.update(buf); // while the write runs on the thread pool
      if (writes.length >= 2) await writes.shift();
    }
    await Promise.all(writes);
    await fh.sync();
    return { etag: `"${md5.digest('hex')}"`, size };
  } finally {
    await Promise.allSettled(writes); // never close under a write still running
    await fh.close();
  }
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
