import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

import {
  type Catalog,
  isMarkerPath,
  type LakeFile,
  listFiles,
  localCopy,
  parseLocation,
} from '../catalog/index.js';
import { invalidArgument } from '../core/index.js';
import { formatFromPath } from '../engine/index.js';
import type { ObjectStore } from '../storage/index.js';

export interface DataSourceDeps {
  readonly catalog: Catalog;
  readonly objects: ObjectStore;
  readonly project: string;
  readonly cacheDir: string;
  readonly signal?: AbortSignal;
}

const TABLE = /^([a-z0-9_]+)\.([a-z0-9_]+)$/;

/**
 * Local files (one format) for a data source, as `kelp train --data` takes it: a catalog table
 * (`database.table`, read through the query engine, partitions included), `store://prefix` or an
 * object key/prefix, or a file or folder on this machine.
 */
export async function resolveDataSource(
  source: string,
  workDir: string,
  deps: DataSourceDeps,
): Promise<string[]> {
  const table = TABLE.exec(source);
  if (table && (await deps.catalog.store.findTable(deps.project, table[1] as string, table[2] as string))) {
    const sql = `SELECT * FROM "${table[1]}"."${table[2]}"`;
    return [
      await deps.catalog.queries.materialize(
        deps.project,
        sql,
        table[1] as string,
        join(workDir, source),
        deps.signal,
      ),
    ];
  }
  const files = await listSourceFiles(source, deps.objects, deps.signal);
  if (files.length === 0) {
    const local = isLocalSource(source) && !(await stat(localPathOf(source)).catch(() => undefined));
    throw invalidArgument(
      local
        ? `${source}: no such file or folder`
        : `${source}: no data found (not a catalog table, file, folder or object prefix with files)`,
      { data: source },
    );
  }
  const formats = new Set(files.map((f) => formatFromPath(f.rel)));
  if (formats.size !== 1 || formats.has(undefined)) {
    throw invalidArgument(
      files.length === 1
        ? `${source}: cannot tell the format (use .csv, .jsonl, .parquet or .recordio)`
        : `${source}: the files must share one format (.csv, .jsonl, .parquet or .recordio); found ${[...formats].map(String).join(', ')}`,
      { data: source },
    );
  }
  return Promise.all(files.map((f) => localCopy(f, deps.objects, deps.cacheDir)));
}

const isLocalSource = (source: string) =>
  source.startsWith('/') || source.startsWith('.') || source.startsWith('file://');
const localPathOf = (source: string) => source.replace(/^file:\/\//, '');

/**
 * The data files of a source other than a catalog table: a file or folder on this machine, an
 * object prefix (`store://` optional) or one object named exactly. Markers, temporary files and
 * empty files are left out; none found gives an empty list, for the caller to word the error.
 */
export async function listSourceFiles(
  source: string,
  objects: ObjectStore,
  signal?: AbortSignal,
): Promise<LakeFile[]> {
  const isLocal = isLocalSource(source);
  if (isLocal) {
    const path = localPathOf(source);
    const info = await stat(path).catch(() => undefined);
    if (!info) return [];
    if (info.isFile())
      return [{ rel: basename(path), localPath: path, size: info.size, mtimeMs: info.mtimeMs }];
  }
  const location = parseLocation(source.startsWith('store://') || isLocal ? source : `store://${source}`);
  const files = (await listFiles(location, objects, signal)).filter(
    (f) => !isMarkerPath(f.rel) && f.size !== 0,
  );
  if (files.length > 0 || location.kind !== 'store') return files;
  const key = location.prefix.replace(/\/$/, '');
  const info = await objects.head(key).catch(() => undefined);
  if (!info) return [];
  return [
    {
      rel: key.split('/').pop() as string,
      size: info.size,
      mtimeMs: 0,
      key,
      etag: info.etag,
      ...(objects.localPath ? { localPath: objects.localPath(key) } : {}),
    },
  ];
}
