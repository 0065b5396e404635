import { statSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import { invalidArgument, notFound, PlatformError } from '../../core/index.js';
import {
  type ColumnSchema,
  csvError,
  type FreshDuckDB,
  glueType,
  openDuckDB,
  queryRows,
  sqlIdent,
  sqlString,
  sqlStringList,
} from '../../engine/index.js';
import { type CatalogStore, closeNames } from '../catalog-store.js';
import { defineTableView, type ViewDeps } from './table-views.js';

export interface QueryRun {
  readonly sql: string;
  readonly database: string;
  /** Folder for this query's scratch files and results (removed by the caller). */
  readonly workDir: string;
  readonly memoryLimit?: string;
  /** Where fresh databases come from (one kept ready); a new one is opened otherwise. */
  readonly databases?: FreshDuckDB;
}

export interface QueryOutcome {
  readonly columns: ColumnSchema[];
  readonly rowCount: number;
  readonly bytesScanned: number;
  readonly engineMs: number;
  readonly csvPath: string;
  readonly parquetPath: string;
}

interface TableRef {
  readonly database: string;
  readonly table: string;
  readonly qualified: boolean;
}

/**
 * Catalog tables the parsed SQL names (DuckDB's `json_serialize_sql` tree, BASE_TABLE nodes):
 * `db.table` as written, bare names under the default database; each table once.
 */
function referencedTables(tree: unknown, database: string): TableRef[] {
  const refs = new Map<string, TableRef>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as { type?: unknown; schema_name?: unknown; table_name?: unknown };
    if (n.type === 'BASE_TABLE' && typeof n.table_name === 'string') {
      const schema = typeof n.schema_name === 'string' ? n.schema_name : '';
      const ref = schema
        ? { database: schema, table: n.table_name, qualified: true }
        : { database, table: n.table_name, qualified: false };
      refs.set(`${ref.database}.${ref.table}`, ref);
    }
    for (const v of Object.values(node)) walk(v);
  };
  walk(tree);
  return [...refs.values()];
}

/**
 * Runs one user query the way Athena does, in a private DuckDB: the catalog tables it names become
 * views over their files, then the database is locked down (only those folders readable, no settings,
 * no extensions, one SELECT statement) before the user's SQL runs. Results land as Parquet and CSV.
 */
export async function runQuery(run: QueryRun, store: CatalogStore, deps: ViewDeps): Promise<QueryOutcome> {
  await mkdir(run.workDir, { recursive: true });
  const instance = await (run.databases?.take() ?? openDuckDB());
  const con = await instance.connect();
  await con.run(`SET memory_limit=${sqlString(run.memoryLimit ?? '2GB')}`);
  await con.run(`SET temp_directory=${sqlString(join(run.workDir, 'spill'))}`);
  const onAbort = () => con.interrupt();
  deps.signal?.addEventListener('abort', onAbort);
  try {
    const extracted = await con.extractStatements(run.sql).catch((err: unknown) => {
      throw invalidArgument(`SQL: ${(err as Error).message.split('\n')[0]}`);
    });
    if (extracted.count !== 1)
      throw invalidArgument(`SQL: send exactly one statement (got ${extracted.count})`);
    // Parse only (no binding, so no file is opened twice): DuckDB serializes SELECT statements only,
    // and the tree names the tables the query reads.
    const [check] = await queryRows(con, `SELECT json_serialize_sql(${sqlString(run.sql)}) AS j`);
    const parsed = JSON.parse(String(check?.j)) as {
      error?: boolean;
      error_message?: string;
      statements?: unknown;
    };
    if (parsed.error) {
      throw invalidArgument(
        /Only SELECT/.test(parsed.error_message ?? '')
          ? 'SQL: only SELECT queries run here'
          : `SQL: ${parsed.error_message ?? 'cannot parse'}`,
      );
    }
    const files = new Map<string, number>();
    const directories = [run.workDir.endsWith('/') ? run.workDir : `${run.workDir}/`];
    const known = () => store.tableNames(deps.project);
    for (const ref of referencedTables(parsed.statements, run.database)) {
      const table = await store.findTable(deps.project, ref.database, ref.table);
      if (!table) {
        if (!ref.qualified) continue; // a CTE or subquery alias: DuckDB resolves it
        throw unknownTable(`${ref.database}.${ref.table}`, await known());
      }
      const view = await defineTableView(con, table, deps);
      for (const [p, s] of view.files) files.set(p, s);
      directories.push(...view.directories);
    }
    // Bare names resolve in the default database, as in Athena.
    await con.run(`CREATE SCHEMA IF NOT EXISTS ${sqlIdent(run.database)}`);
    await con.run(`USE ${sqlIdent(run.database)}`);
    const profile = join(run.workDir, 'profile.json');
    await con.run(`SET allowed_directories=${sqlStringList(directories)}`);
    await con.run("SET enable_profiling='json'");
    await con.run(`SET profiling_output=${sqlString(profile)}`);
    await con.run('SET enable_external_access=false');
    await con.run('SET autoinstall_known_extensions=false');
    await con.run('SET autoload_known_extensions=false');
    await con.run('SET lock_configuration=true');
    const parquetPath = join(run.workDir, 'result.parquet');
    const csvPath = join(run.workDir, 'result.csv');
    const started = performance.now();
    let rowCount: number;
    try {
      const result = await con.run(`COPY (\n${run.sql}\n) TO ${sqlString(parquetPath)} (FORMAT parquet)`);
      rowCount = Number(result.rowsChanged);
    } catch (err) {
      if (deps.signal?.aborted) throw new PlatformError('cancelled', 'query cancelled');
      throw await userSqlError(err, known);
    }
    const engineMs = performance.now() - started;
    const bytesScanned = await scannedBytes(profile, files);
    await con.run(
      `COPY (FROM read_parquet(${sqlString(parquetPath)})) TO ${sqlString(csvPath)} (FORMAT csv, HEADER true)`,
    );
    const described = await queryRows(con, `DESCRIBE FROM read_parquet(${sqlString(parquetPath)})`);
    const columns = described.map((r) => ({
      name: String(r.column_name),
      type: glueType(String(r.column_type)),
    }));
    return { columns, rowCount, bytesScanned, engineMs, csvPath, parquetPath };
  } finally {
    deps.signal?.removeEventListener('abort', onAbort);
    con.closeSync();
    // Closing joins DuckDB's threads; do it after the caller has its answer.
    setImmediate(() => instance.closeSync());
  }
}

function unknownTable(name: string, known: readonly string[]): PlatformError {
  const close = closeNames(name, known);
  return notFound(`unknown table '${name}'${close.length ? ` (did you mean ${close.join(', ')}?)` : ''}`, {
    table: name,
  });
}

/** DuckDB's error, first line only, with catalog suggestions for unknown tables. */
async function userSqlError(err: unknown, known: () => Promise<string[]>): Promise<PlatformError> {
  if (err instanceof PlatformError) return err;
  const message = (err as Error).message ?? String(err);
  const missing = /Table with name ([^\s!]+) does not exist/.exec(message);
  if (missing?.[1]) return unknownTable(missing[1], await known());
  const csv = csvError(err);
  if (csv) return csv;
  if (/INTERRUPT/i.test(message)) return new PlatformError('cancelled', 'query cancelled');
  return invalidArgument(`SQL: ${message.split('\n').filter(Boolean).slice(0, 3).join(' ')}`);
}

/** Bytes of the files the scans actually opened, from DuckDB's profile (pruned files are not listed). */
async function scannedBytes(profile: string, files: Map<string, number>): Promise<number> {
  let total = 0;
  try {
    const tree = JSON.parse(await readFile(profile, 'utf8')) as ProfileNode;
    const walk = (node: ProfileNode) => {
      const info = node.extra_info ?? {};
      const list = info['Filename(s)'];
      if (typeof list === 'string' && list) {
        const names = list.split(', ');
        const read = Number(info['Total Files Read'] ?? names.length);
        const listed = names.reduce((s, n) => s + sizeOf(n, files), 0);
        total += names.length >= read ? listed : Math.round((listed / names.length) * read);
      }
      for (const child of node.children ?? []) walk(child);
    };
    walk(tree);
  } catch {
    // No profile (e.g. a query over constants): nothing was scanned.
  }
  return total;
}

/** Known size, or a stat now (local listings skip it; only files actually read are looked at). */
function sizeOf(path: string, files: Map<string, number>): number {
  const known = files.get(path);
  if (known !== undefined && known >= 0) return known;
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

interface ProfileNode {
  extra_info?: Record<string, unknown>;
  children?: ProfileNode[];
}
