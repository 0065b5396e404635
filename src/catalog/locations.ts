import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, rename, stat } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';

import { invalidArgument } from '../core/index.js';
import type { ObjectStore } from '../storage/index.js';

/**
 * Where a table or a crawler's source lives: a folder on this machine, a prefix in Kelp's object
 * store, or a table in a database connection. Written as `/abs/folder/`, `store://prefix/` and
 * `connection://name/schema.table`.
 */
export type Location =
  | { readonly kind: 'local'; readonly path: string }
  | { readonly kind: 'store'; readonly prefix: string }
  | { readonly kind: 'connection'; readonly connection: string; readonly table?: string };

const STORE = 'store://';
const CONNECTION = 'connection://';

/** Parses what a user typed: a path (relative to `cwd`), `store://prefix`, `connection://name`, or a bare store prefix. */
export function parseLocation(text: string, cwd = process.cwd()): Location {
  const t = text.trim();
  if (!t) throw invalidArgument('empty source location');
  if (t.startsWith(CONNECTION)) {
    const [connection, table] = t.slice(CONNECTION.length).split('/', 2);
    if (!connection) throw invalidArgument(`${text}: name the connection (connection://NAME)`);
    return { kind: 'connection', connection, ...(table ? { table } : {}) };
  }
  if (t.startsWith('file://')) return { kind: 'local', path: withSlash(resolve(new URL(t).pathname)) };
  if (t.startsWith(STORE))
    return { kind: 'store', prefix: withSlash(t.slice(STORE.length).replace(/^\/+/, '')) };
  if (t.startsWith('s3://')) {
    throw invalidArgument(
      `${text}: s3:// locations are not read directly; use store://PREFIX for Kelp's object store or a local folder`,
    );
  }
  if (isAbsolute(t) || t.startsWith('.') || t.startsWith('~')) {
    return { kind: 'local', path: withSlash(resolve(cwd, t.replace(/^~(?=\/|$)/, process.env.HOME ?? '~'))) };
  }
  return { kind: 'store', prefix: withSlash(t) };
}

function withSlash(p: string): string {
  return p.endsWith('/') ? p : `${p}/`;
}

export function formatLocation(loc: Location): string {
  if (loc.kind === 'local') return loc.path;
  if (loc.kind === 'store') return `${STORE}${loc.prefix}`;
  return `${CONNECTION}${loc.connection}${loc.table ? `/${loc.table}` : ''}`;
}

/** The location of a sub-folder (`rel` uses '/'). */
export function childLocation(loc: Location, rel: string): Location {
  if (!rel) return loc;
  if (loc.kind === 'local') return { kind: 'local', path: withSlash(join(loc.path, rel)) };
  if (loc.kind === 'store') return { kind: 'store', prefix: withSlash(`${loc.prefix}${rel}`) };
  throw invalidArgument('a connection has no sub-folders');
}

/** One file under a location. */
export interface LakeFile {
  /** Path relative to the listed location, '/'-separated. */
  readonly rel: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** Object key (store locations). */
  readonly key?: string;
  readonly etag?: string;
  /** A path DuckDB can open directly, when there is one. */
  readonly localPath?: string;
}

/** Lists every file under a folder or store prefix, recursively, in path order. */
export async function listFiles(
  loc: Location,
  objects: ObjectStore,
  signal?: AbortSignal,
  options: { sizes?: boolean } = {},
): Promise<LakeFile[]> {
  if (loc.kind === 'connection') throw invalidArgument('a connection has no files');
  if (loc.kind === 'local') {
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(loc.path, { recursive: true, withFileTypes: true });
    } catch (err) {
      throw invalidArgument(
        `${loc.path}: cannot read the folder (${(err as NodeJS.ErrnoException).code ?? err})`,
        { path: loc.path },
      );
    }
    const files = entries.filter((e) => e.isFile());
    const full = (e: import('node:fs').Dirent) =>
      join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const byPath = (a: LakeFile, b: LakeFile) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
    if (options.sizes === false) {
      // Queries skip a stat per file (a fifth of a second per 10,000 files here): size -1 = unknown.
      return files
        .map((e) => {
          const path = full(e);
          return { rel: path.slice(loc.path.length), size: -1, mtimeMs: 0, localPath: path };
        })
        .sort(byPath);
    }
    const out: LakeFile[] = new Array(files.length);
    const BATCH = 256;
    for (let i = 0; i < files.length; i += BATCH) {
      signal?.throwIfAborted();
      await Promise.all(
        files.slice(i, i + BATCH).map(async (e, j) => {
          const path = full(e);
          const s = await stat(path).catch(() => undefined);
          out[i + j] = {
            rel: path.slice(loc.path.length),
            size: s?.size ?? 0,
            mtimeMs: s?.mtimeMs ?? 0,
            localPath: path,
          };
        }),
      );
    }
    return out.sort(byPath);
  }
  const out: LakeFile[] = [];
  let cursor: string | undefined;
  do {
    signal?.throwIfAborted();
    const page = await objects.list({ prefix: loc.prefix, ...(cursor ? { cursor } : {}) });
    for (const o of page.objects) {
      out.push({
        rel: o.key.slice(loc.prefix.length),
        size: o.size,
        mtimeMs: o.lastModified.getTime(),
        key: o.key,
        etag: o.etag,
        ...(objects.capabilities.localPaths && objects.localPath
          ? { localPath: objects.localPath(o.key) }
          : {}),
      });
    }
    cursor = page.nextCursor;
  } while (cursor);
  return out;
}

/**
 * A local path for a file: its own path when it has one, otherwise a copy of the object in
 * `cacheDir`, named by key and ETag so a changed object is fetched again.
 */
export async function localCopy(file: LakeFile, objects: ObjectStore, cacheDir: string): Promise<string> {
  if (file.localPath) return file.localPath;
  if (!file.key) throw invalidArgument(`${file.rel}: no local path and no object key`);
  const name = createHash('sha256')
    .update(`${file.key}\0${file.etag ?? ''}`)
    .digest('hex')
    .slice(0, 32);
  const ext = /\.[a-z0-9.]+$/i.exec(file.key.split('/').pop() ?? '')?.[0] ?? '';
  const path = join(cacheDir, `${name}${ext}`);
  if (
    await stat(path).then(
      () => true,
      () => false,
    )
  )
    return path;
  await mkdir(cacheDir, { recursive: true });
  const { body } = await objects.get(file.key);
  const tmp = `${path}.${process.pid}.part`;
  await pipeline(body, createWriteStream(tmp));
  await rename(tmp, path);
  return path;
}

/**
 * Marker and temporary files that are never data, as Glue skips them: names or folders starting
 * with `_` or `.` (`_SUCCESS`, `_tmp/`, `.hidden`), and `*.tmp`, `*.crc`, `*$folder$`.
 * Hive folders (`key=value`) are data even when the key starts with `_`.
 */
export function isMarkerPath(rel: string): boolean {
  const parts = rel.split('/');
  for (const part of parts) {
    if ((part.startsWith('_') || part.startsWith('.')) && !part.includes('=')) return true;
  }
  const name = parts[parts.length - 1] ?? '';
  return /\.(tmp|crc|temp|swp)$/i.test(name) || name.endsWith('$folder$') || name.endsWith('~');
}
