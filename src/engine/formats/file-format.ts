import { invalidArgument } from '../../core/index.js';

/** The file formats Kelp reads and writes (the catalog's `format` of a table). */
export type FileFormat = 'csv' | 'json' | 'parquet' | 'recordio';

export const FILE_FORMATS: readonly FileFormat[] = ['csv', 'json', 'parquet', 'recordio'];

const EXTENSIONS: readonly [RegExp, FileFormat][] = [
  [/\.(csv|tsv|txt)(\.gz)?$/i, 'csv'],
  [/\.(jsonl|ndjson|json)(\.gz)?$/i, 'json'],
  [/\.(parquet|pq)$/i, 'parquet'],
  [/\.(recordio|rec|protobuf)$/i, 'recordio'],
];

export const SUPPORTED_EXTENSIONS = '.csv, .tsv, .csv.gz, .jsonl, .ndjson, .json, .parquet, .recordio';

/** The format a file name implies, or undefined. */
export function formatFromPath(path: string): FileFormat | undefined {
  for (const [pattern, format] of EXTENSIONS) if (pattern.test(path)) return format;
  return undefined;
}

/** Like `formatFromPath`, but an unknown extension is an error naming the file. */
export function requireFormat(path: string, role = 'file'): FileFormat {
  const format = formatFromPath(path);
  if (!format) {
    throw invalidArgument(
      `${path}: cannot tell the ${role} format from the extension (use ${SUPPORTED_EXTENSIONS})`,
      {
        path,
      },
    );
  }
  return format;
}

/** CSV dialect and reading options, as stored with a catalog table (Glue's SerDe parameters). */
export interface FormatOptions {
  readonly delimiter?: string;
  readonly quote?: string;
  readonly escape?: string;
  readonly header?: boolean;
  /** Rows that do not parse are skipped and counted instead of failing the read. */
  readonly skipBadRows?: boolean;
}

/** DuckDB `COPY ... TO` options that write each tabular format. */
export const COPY_OPTIONS: Readonly<Record<Exclude<FileFormat, 'recordio'>, string>> = {
  csv: '(FORMAT csv, HEADER true)',
  json: '(FORMAT json)',
  parquet: "(FORMAT parquet, COMPRESSION 'zstd')",
};
