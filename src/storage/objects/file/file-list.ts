import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

import { compareKeys } from '../../../contract/index.js';

export interface ListEntry {
  readonly kind: 'object' | 'prefix';
  readonly key: string;
}

export interface WalkOptions {
  readonly prefix: string;
  readonly delimiter: string | undefined;
  /** Resume strictly after this key or common prefix. */
  readonly after: string | undefined;
  readonly limit: number;
}

/**
 * Lists a folder tree in S3 order: keys ascending by UTF-8 bytes, keys containing the delimiter
 * after the prefix rolled up into common prefixes. Folders that cannot hold a wanted key (outside
 * the prefix, wholly before the cursor, or rolled up by a `/` delimiter) are never read.
 * Returns up to `limit` entries and whether more follow.
 */
export async function walkKeys(
  root: string,
  opts: WalkOptions,
): Promise<{ entries: ListEntry[]; more: boolean }> {
  const { prefix, delimiter, after, limit } = opts;
  const entries: ListEntry[] = [];
  let more = false;
  let lastPrefix: string | undefined;

  const emit = (entry: ListEntry): boolean => {
    if (entries.length >= limit) {
      more = true;
      return false;
    }
    entries.push(entry);
    return true;
  };

  const rollUp = (key: string): string | undefined => {
    if (!delimiter) return undefined;
    const i = key.indexOf(delimiter, prefix.length);
    return i < 0 ? undefined : key.slice(0, i + delimiter.length);
  };

  const visit = async (relDir: string): Promise<boolean> => {
    for (const { name, isDir } of await sortedEntries(join(root, relDir), relDir === '')) {
      const key = isDir ? `${relDir}${name}/` : `${relDir}${name}`;
      if (!key.startsWith(prefix) && !(isDir && prefix.startsWith(key))) continue;
      if (after !== undefined && compareKeys(key, after) <= 0 && !(isDir && after.startsWith(key))) continue;
      const common = key.startsWith(prefix) ? rollUp(key) : undefined;
      if (common !== undefined) {
        if (common !== lastPrefix && (after === undefined || compareKeys(common, after) > 0)) {
          lastPrefix = common;
          if (!emit({ kind: 'prefix', key: common })) return false;
        }
        continue; // the key, or everything below the folder, rolls up into this prefix
      }
      if (isDir) {
        if (!(await visit(key))) return false;
      } else if (!emit({ kind: 'object', key })) return false;
    }
    return true;
  };

  const slash = prefix.lastIndexOf('/');
  await visit(slash >= 0 ? prefix.slice(0, slash + 1) : '');
  return { entries, more };
}

async function sortedEntries(dir: string, isRoot: boolean): Promise<{ name: string; isDir: boolean }[]> {
  let dirents: Dirent[];
  try {
    dirents = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw err;
  }
  // Byte order as S3 lists: each name's UTF-8 bytes are made once, not at every comparison.
  const items = dirents
    .filter((d) => (d.isFile() || d.isDirectory()) && !(isRoot && d.name === '.kelp'))
    .map((d) => ({
      name: d.name,
      isDir: d.isDirectory(),
      sortKey: Buffer.from(d.isDirectory() ? `${d.name}/` : d.name),
    }));
  items.sort((a, b) => Buffer.compare(a.sortKey, b.sortKey));
  return items;
}
