import { stat } from 'node:fs/promises';
import { join } from 'node:path';

import { type Catalog, isMarkerPath, listFiles, localCopy, parseLocation } from '../catalog/index.js';
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
  const isLocal = source.startsWith('/') || source.startsWith('.') || source.startsWith('file://');
  if (isLocal) {
    const path = parseLocation(source).kind === 'local' ? source.replace(/^file:\/\//, '') : source;
    const info = await stat(path).catch(() => undefined);
    if (!info) throw invalidArgument(`${source}: no such file or folder`, { data: source });
    if (info.isFile()) {
      if (!formatFromPath(path))
        throw invalidArgument(`${source}: cannot tell the format (use .csv, .jsonl, .parquet or .recordio)`, {
          data: source,
        });
      return [path];
    }
  }
  const location = parseLocation(source.startsWith('store://') || isLocal ? source : `store://${source}`);
  let files = (await listFiles(location, deps.objects, deps.signal)).filter(
    (f) => !isMarkerPath(f.rel) && f.size !== 0,
  );
  if (files.length === 0 && location.kind === 'store') {
    // A single object named exactly.
    const key = location.prefix.replace(/\/$/, '');
    const info = await deps.objects.head(key).catch(() => undefined);
    if (info)
      files = [
        {
          rel: key.split('/').pop() as string,
          size: info.size,
          mtimeMs: 0,
          key,
          etag: info.etag,
          ...(deps.objects.localPath ? { localPath: deps.objects.localPath(key) } : {}),
        },
      ];
  }
  if (files.length === 0) {
    throw invalidArgument(
      `${source}: no data found (not a catalog table, file, folder or object prefix with files)`,
      { data: source },
    );
  }
  const formats = new Set(files.map((f) => formatFromPath(f.rel)));
  if (formats.size !== 1 || formats.has(undefined)) {
    throw invalidArgument(
      `${source}: the files must share one format (.csv, .jsonl, .parquet or .recordio); found ${[...formats].map(String).join(', ')}`,
      {
        data: source,
      },
    );
  }
  return Promise.all(files.map((f) => localCopy(f, deps.objects, deps.cacheDir)));
}
