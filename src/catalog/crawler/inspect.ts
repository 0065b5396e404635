import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { constants, gunzipSync } from 'node:zlib';

import type { CrawlProblem } from '../../contract/index.js';
import {
  appendRecordsToTable,
  type ColumnSchema,
  type DuckDBConnection,
  type FormatOptions,
  glueType,
  inferFileSchema,
  mergeSchemas,
  queryRows,
  recordio,
  sqlStringList,
} from '../../engine/index.js';
import type { ObjectStore } from '../../storage/index.js';
import { type LakeFile, localCopy } from '../locations.js';
import type { PlannedTable } from './plan.js';

export interface TableInspection {
  readonly columns: ColumnSchema[];
  readonly formatOptions: FormatOptions;
  /** Exact for Parquet, estimated from a sample for the others. */
  readonly rowCount: number | null;
  /** Files left out of the table (they do not fit its schema or cannot be read), relative to the source. */
  readonly excluded: string[];
  readonly problems: CrawlProblem[];
  /** Files differ in their columns, so reads match columns by name. */
  readonly unionByName: boolean;
}

export interface InspectOptions {
  readonly sampleFiles: number;
  readonly objects: ObjectStore;
  readonly cacheDir: string;
  readonly signal?: AbortSignal;
  /** The table's current columns (a recrawl merges into them). */
  readonly base?: readonly ColumnSchema[];
}

const HEAD_BYTES = 64 * 1024;

/** Evenly spread sample of `k` items (always including the first). */
export function spread<T>(items: readonly T[], k: number): T[] {
  if (items.length <= k) return [...items];
  return Array.from(
    { length: k },
    (_, i) => items[Math.round((i * (items.length - 1)) / Math.max(1, k - 1))] as T,
  );
}

async function head(file: LakeFile, objects: ObjectStore): Promise<Buffer> {
  let raw: Buffer;
  if (file.localPath) {
    const fh = await open(file.localPath, 'r');
    try {
      const buf = Buffer.alloc(Math.min(HEAD_BYTES, file.size));
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      raw = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } else {
    const { body } = await objects.get(file.key as string, { range: { start: 0, end: HEAD_BYTES - 1 } });
    const chunks: Buffer[] = [];
    for await (const c of body) chunks.push(c as Buffer);
    raw = Buffer.concat(chunks);
  }
  return file.rel.endsWith('.gz') ? gunzipSync(raw, { finishFlush: constants.Z_SYNC_FLUSH }) : raw;
}

function splitHeader(line: string, options: FormatOptions): string[] {
  const delimiter = options.delimiter || ',';
  const quote = options.quote || '"';
  return line
    .replace(/\r$/, '')
    .split(delimiter)
    .map((c) => c.trim().replace(new RegExp(`^${escapeRegExp(quote)}|${escapeRegExp(quote)}$`, 'g'), ''));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Column names a file's first bytes show (CSV header or first JSON object), or undefined. */
function namesFromHead(
  text: string,
  format: PlannedTable['format'],
  options: FormatOptions,
): string[] | undefined {
  const firstLine = text.split('\n', 1)[0] ?? '';
  if (format === 'csv') return options.header === false ? undefined : splitHeader(firstLine, options);
  if (format === 'json') {
    try {
      const value = JSON.parse(firstLine) as unknown;
      return value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Shares at least half of its columns with the table, and the table at least half with it. */
function fits(names: readonly string[], columns: readonly ColumnSchema[]): boolean {
  const known = new Set(columns.map((c) => c.name.toLowerCase()));
  const shared = names.filter((n) => known.has(n.toLowerCase())).length;
  return shared >= names.length / 2 && shared >= columns.length / 2 && shared > 0;
}

/**
 * Finds a table's schema: sniffs a spread sample of its files for column types (merging them with
 * type widening), then checks every other file cheaply (CSV header, first JSON object, Parquet
 * footer) and sniffs those that bring new columns. Files that do not fit are reported and left out.
 */
export async function inspectTable(
  con: DuckDBConnection,
  table: PlannedTable,
  options: InspectOptions,
): Promise<TableInspection> {
  const problems: CrawlProblem[] = [];
  const excluded = new Set<string>();
  let columns: ColumnSchema[] = options.base ? [...options.base] : [];
  let formatOptions: FormatOptions = {};
  let unionByName = false;
  const report = (f: LakeFile, problem: string) => {
    problems.push({ path: f.rel, table: table.name, problem });
    excluded.add(f.rel);
  };
  const sniff = async (f: LakeFile): Promise<ColumnSchema[] | undefined> => {
    options.signal?.throwIfAborted();
    try {
      const path = await localCopy(f, options.objects, options.cacheDir);
      if (table.format === 'recordio') return await recordioColumns(con, path);
      const inferred = await inferFileSchema(con, path, table.format as 'csv' | 'json' | 'parquet');
      if (!formatOptions.delimiter && inferred.options.delimiter) formatOptions = inferred.options;
      return inferred.columns;
    } catch (err) {
      report(f, `cannot be read: ${(err as Error).message.replace(/^.*?: /, '')}`);
      return undefined;
    }
  };
  const merge = (f: LakeFile, next: ColumnSchema[]) => {
    if (columns.length === 0) {
      columns = next;
      return;
    }
    if (
      !fits(
        next.map((c) => c.name),
        columns,
      )
    ) {
      report(
        f,
        `columns (${next.map((c) => c.name).join(', ')}) do not fit the table's (${columns.map((c) => c.name).join(', ')})`,
      );
      return;
    }
    const merged = mergeSchemas(columns, next);
    if (merged.added.length || next.length !== columns.length) unionByName = true;
    columns = merged.columns;
  };

  const sample = spread(table.files, options.sampleFiles);
  const sampled = new Set(sample.map((f) => f.rel));
  for (const f of sample) {
    const found = await sniff(f);
    if (found) merge(f, found);
  }
  let rowCount: number | null = null;
  if (table.format === 'parquet') {
    rowCount = await parquetFooters(
      con,
      table.files,
      options,
      sampled,
      excluded,
      report,
      async (f, names) => {
        if (!names.every((n) => columns.some((c) => c.name === n))) {
          const found = await sniff(f);
          if (found) merge(f, found);
        } else if (names.length !== columns.length) unionByName = true;
      },
    );
  } else if (table.format === 'csv' || table.format === 'json') {
    let headBytes = 0;
    let headRows = 0;
    for (const f of table.files) {
      if (excluded.has(f.rel)) continue;
      options.signal?.throwIfAborted();
      let text: string;
      try {
        text = (await head(f, options.objects)).toString('utf8');
      } catch (err) {
        report(f, `cannot be read: ${(err as Error).message}`);
        continue;
      }
      if (headRows < 1000) {
        const lines = text.split('\n').length - 1;
        headRows += lines;
        headBytes += text.length;
      }
      if (sampled.has(f.rel)) continue;
      const names = namesFromHead(text, table.format, formatOptions);
      if (!names) continue;
      const same = names.length === columns.length && names.every((n, i) => n === columns[i]?.name);
      if (same) continue;
      if (!fits(names, columns)) {
        report(
          f,
          `columns (${names.join(', ')}) do not fit the table's (${columns.map((c) => c.name).join(', ')})`,
        );
        continue;
      }
      if (names.some((n) => !columns.some((c) => c.name === n))) {
        const found = await sniff(f);
        if (found) merge(f, found);
      } else unionByName = true;
    }
    const bytes = table.files.filter((f) => !excluded.has(f.rel)).reduce((s, f) => s + f.size, 0);
    const compressed = table.files.some((f) => f.rel.endsWith('.gz'));
    if (headRows > 0 && !compressed)
      rowCount = Math.round((bytes * headRows) / headBytes) - (formatOptions.header ? table.files.length : 0);
  } else if (table.format === 'recordio') {
    const first = table.files[0];
    if (first) {
      const buf = await head(first, options.objects);
      const frames = countFrames(buf);
      const bytes = table.files.reduce((s, f) => s + f.size, 0);
      if (frames.count > 0) rowCount = Math.round((bytes * frames.count) / frames.bytes);
    }
  }
  return { columns, formatOptions, rowCount, excluded: [...excluded], problems, unionByName };
}

/** Reads every Parquet footer in one pass: row counts and column names; bad files are reported. */
async function parquetFooters(
  con: DuckDBConnection,
  files: readonly LakeFile[],
  options: InspectOptions,
  sampled: Set<string>,
  excluded: Set<string>,
  report: (f: LakeFile, problem: string) => void,
  check: (f: LakeFile, names: string[]) => Promise<void>,
): Promise<number> {
  const paths = new Map<string, LakeFile>();
  for (const f of files) {
    if (excluded.has(f.rel)) continue;
    paths.set(await localCopy(f, options.objects, options.cacheDir), f);
  }
  const readable: string[] = [];
  const list = [...paths.keys()];
  try {
    await queryRows(con, `SELECT count(*) FROM parquet_file_metadata(${sqlStringList(list)})`);
    readable.push(...list);
  } catch {
    for (const p of list) {
      try {
        await queryRows(con, `SELECT count(*) FROM parquet_file_metadata(${sqlStringList([p])})`);
        readable.push(p);
      } catch (err) {
        report(
          paths.get(p) as LakeFile,
          `not a readable Parquet file: ${(err as Error).message.split('\n')[0]}`,
        );
      }
    }
  }
  if (readable.length === 0) return 0;
  const counts = await queryRows(
    con,
    `SELECT sum(num_rows)::DOUBLE AS n FROM parquet_file_metadata(${sqlStringList(readable)})`,
  );
  const schemas = await queryRows(
    con,
    `SELECT file_name, list(name ORDER BY rowid) AS names FROM (SELECT *, row_number() OVER () AS rowid FROM parquet_schema(${sqlStringList(readable)})) WHERE num_children IS NULL OR num_children = 0 GROUP BY file_name`,
  );
  for (const row of schemas) {
    const f = paths.get(String(row.file_name));
    if (!f || sampled.has(f.rel)) continue;
    await check(f, row.names as string[]);
  }
  return Number(counts[0]?.n ?? 0);
}

/** Columns of a RecordIO file from its first records, mapped the way queries will read it. */
async function recordioColumns(con: DuckDBConnection, path: string): Promise<ColumnSchema[]> {
  const records = async function* () {
    let n = 0;
    for await (const r of recordio.readRecordIO(createReadStream(path, { end: HEAD_BYTES * 4 }), { path })) {
      yield r;
      if (++n >= 1) return;
    }
  };
  const table = `probe_${Math.random().toString(36).slice(2)}`;
  await appendRecordsToTable(con, records(), table);
  const rows = await queryRows(con, `DESCRIBE ${table}`);
  await con.run(`DROP TABLE ${table}`);
  return rows.map((r) => ({ name: String(r.column_name), type: glueType(String(r.column_type)) }));
}

/** Whole RecordIO frames at the start of a buffer: count and bytes, for a row estimate. */
function countFrames(buf: Buffer): { count: number; bytes: number } {
  let offset = 0;
  let count = 0;
  while (offset + 8 <= buf.length && buf.readUInt32LE(offset) === 0xced7230a) {
    const length = buf.readUInt32LE(offset + 4) & 0x1fffffff;
    const next = offset + 8 + Math.ceil(length / 4) * 4;
    if (next > buf.length) break;
    offset = next;
    count++;
  }
  return { count, bytes: offset };
}
