import { dirname } from 'node:path';
import { invalidArgument } from '../../core/index.js';
import {
  appendRecordFilesToTable,
  castProjection,
  type DuckDBConnection,
  duckType,
  formatFromPath,
  scanSql,
  sqlIdent,
  sqlString,
} from '../../engine/index.js';
import type { ObjectStore } from '../../storage/index.js';
import type { StoredTable } from '../catalog-store.js';
import type { ConnectionService } from '../connections.js';
import { isMarkerPath, type LakeFile, listFiles, localCopy, parseLocation } from '../locations.js';
import { loadSourceTable } from '../sources/index.js';

export interface ViewDeps {
  readonly objects: ObjectStore;
  readonly connections: ConnectionService;
  readonly cacheDir: string;
  readonly project: string;
  readonly signal?: AbortSignal;
}

export interface TableView {
  /** Local files the view reads, with their sizes (for bytes scanned). */
  readonly files: Map<string, number>;
  /** Folders DuckDB must be allowed to read. */
  readonly directories: string[];
}

/** The data files of a table: everything under its location but markers, excluded files and other formats. */
export async function tableFiles(table: StoredTable, deps: ViewDeps): Promise<LakeFile[]> {
  return (await listTableFiles(table, deps)).data;
}

async function listTableFiles(
  table: StoredTable,
  deps: ViewDeps,
): Promise<{ data: LakeFile[]; glob?: { pattern: string; root: string } }> {
  const excluded = new Set((table.parameters.excludedFiles as string[] | undefined) ?? []);
  const depth = table.partitionKeys.length;
  const all = await listFiles(parseLocation(table.location), deps.objects, deps.signal, { sizes: false });
  const data = all.filter((f) => {
    if (isMarkerPath(f.rel) || excluded.has(f.rel) || f.size === 0) return false;
    if (f.rel.split('/').length - 1 !== depth) return false;
    const format = formatFromPath(f.rel);
    return !format || format === table.format;
  });
  const glob = exactGlob(all, data, depth);
  return glob ? { data, glob } : { data };
}

/**
 * A glob (root, one `*` folder per partition level, `*.<ext>`) that matches exactly the data files, when one does: DuckDB expands a
 * glob faster than it checks a list of thousands of paths. Only when every file under the location
 * with that depth and extension is a data file, so markers and excluded files can never slip in.
 */
function exactGlob(
  all: readonly LakeFile[],
  data: readonly LakeFile[],
  depth: number,
): { pattern: string; root: string } | undefined {
  const first = data[0];
  if (!first?.localPath?.endsWith(first.rel)) return undefined;
  const root = first.localPath.slice(0, first.localPath.length - first.rel.length);
  const ext = /\.[^./]+(\.gz)?$/.exec(first.rel)?.[0];
  if (!ext || /[*?[\]{}]/.test(root)) return undefined;
  if (!data.every((f) => f.rel.endsWith(ext) && f.localPath === `${root}${f.rel}`)) return undefined;
  const matching = all.filter((f) => f.rel.endsWith(ext) && f.rel.split('/').length - 1 === depth).length;
  return matching === data.length ? { pattern: `${root}${'*/'.repeat(depth)}*${ext}`, root } : undefined;
}

/**
 * Defines `database.table` in DuckDB as a view over the table's files (or, for a database
 * connection, a snapshot of its rows). Partition columns come from the folders: `key=value` folders
 * through DuckDB's hive partitioning, other folders as constant columns of one branch per partition,
 * so a predicate on a partition column prunes whole folders either way.
 */
export async function defineTableView(
  con: DuckDBConnection,
  table: StoredTable,
  deps: ViewDeps,
): Promise<TableView> {
  const target = `${sqlIdent(table.database)}.${sqlIdent(table.name)}`;
  await con.run(`CREATE SCHEMA IF NOT EXISTS ${sqlIdent(table.database)}`);
  if (table.format === 'postgresql' || table.format === 'mysql') {
    const location = parseLocation(table.location);
    if (location.kind !== 'connection')
      throw invalidArgument(`table ${table.database}.${table.name}: bad location ${table.location}`);
    const { spec, password } = await deps.connections.resolve(deps.project, location.connection);
    const options = table.formatOptions as { schema: string; table: string };
    await loadSourceTable(
      con,
      spec,
      password,
      { schema: options.schema, name: options.table, columns: table.columns },
      { schema: table.database, table: table.name },
      deps.signal,
    );
    return { files: new Map(), directories: [] };
  }
  const { data: files, glob } = await listTableFiles(table, deps);
  const paths = await Promise.all(files.map((f) => localCopy(f, deps.objects, deps.cacheDir)));
  const sizes = new Map(paths.map((p, i) => [p, (files[i] as LakeFile).size]));
  // The sandbox must let DuckDB expand the glob from the table's root, not only reach the files.
  const directories = glob ? [glob.root] : commonDirectories(paths);
  if (paths.length === 0) {
    const columns = [...table.columns, ...table.partitionKeys].map(
      (c) => `CAST(NULL AS ${duckType(c.type)}) AS ${sqlIdent(c.name)}`,
    );
    await con.run(`CREATE VIEW ${target} AS SELECT ${columns.join(', ')} WHERE false`);
    return { files: sizes, directories };
  }
  if (table.format === 'recordio') {
    const stage = `${table.database}__${table.name}`;
    await appendRecordFilesToTable(con, paths, stage);
    await con.run(`CREATE VIEW ${target} AS SELECT * FROM ${sqlIdent(stage)}`);
    return { files: sizes, directories };
  }
  const format = table.format as 'csv' | 'json' | 'parquet';
  const scanOptions = {
    columns: table.columns,
    options: table.formatOptions,
    unionByName: Boolean(table.parameters.unionByName),
  };
  // Columns in catalog order, then partition keys in theirs (DuckDB would put hive keys in name order).
  const projection =
    format === 'parquet'
      ? castProjection(table.columns)
      : table.columns.map((c) => sqlIdent(c.name)).join(', ');
  const keys = table.partitionKeys;
  // DuckDB's hive partitioning reads values from the paths it opens, so it needs the files in place;
  // cached copies of remote objects take the per-partition branches below instead.
  const hive =
    keys.length > 0 &&
    files.every(
      (f) =>
        f.localPath !== undefined &&
        f.rel
          .split('/')
          .slice(0, -1)
          .every((s) => s.includes('=')),
    );
  if (keys.length === 0 || hive) {
    // A scan that reads every file reports the glob itself in DuckDB's profile: count the table's size.
    if (glob) sizes.set(glob.pattern, table.sizeBytes ?? 0);
    let scan = scanSql(format, glob ? [glob.pattern] : paths, { ...scanOptions, hivePartitioning: hive });
    if (hive) {
      const types = `{${keys.map((k) => `${sqlString(k.name)}: ${sqlString(duckType(k.type))}`).join(', ')}}`;
      scan = `${scan.slice(0, -1)}, hive_types=${types})`;
    }
    const keyColumns = keys.map((k) => `, ${sqlIdent(k.name)}`).join('');
    await con.run(`CREATE VIEW ${target} AS SELECT ${projection}${keyColumns} FROM ${scan}`);
    return { files: sizes, directories };
  }
  // Unnamed partitions: one branch per partition with its values as constants. DuckDB folds a
  // filter on those constants to false and drops the branch before reading its files.
  const byPartition = new Map<string, string[]>();
  files.forEach((f, i) => {
    const key = f.rel.split('/').slice(0, keys.length).join('/');
    const list = byPartition.get(key);
    if (list) list.push(paths[i] as string);
    else byPartition.set(key, [paths[i] as string]);
  });
  const branches = [...byPartition.entries()].map(([key, list]) => {
    const values = key.split('/').map((v, i) => {
      const k = keys[i] as { name: string; type: string };
      const value = v.includes('=') ? v.slice(v.indexOf('=') + 1) : v;
      return `CAST(${sqlString(value)} AS ${duckType(k.type)}) AS ${sqlIdent(k.name)}`;
    });
    return `SELECT ${projection}, ${values.join(', ')} FROM ${scanSql(format, list, { ...scanOptions, hivePartitioning: false })}`;
  });
  await con.run(`CREATE VIEW ${target} AS ${branches.join('\nUNION ALL BY NAME\n')}`);
  return { files: sizes, directories };
}

/** The one folder that holds every path (a table's root, or the cache): the sandbox's read list. */
function commonDirectories(paths: readonly string[]): string[] {
  if (paths.length === 0) return [];
  let prefix = dirname(paths[0] as string);
  for (const p of paths) {
    while (!p.startsWith(`${prefix}/`) && prefix !== '/') prefix = dirname(prefix);
  }
  return [prefix.endsWith('/') ? prefix : `${prefix}/`];
}
