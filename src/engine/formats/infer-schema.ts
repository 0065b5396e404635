import { invalidArgument, PlatformError } from '../../core/index.js';
import { type DuckDBConnection, queryRows, sqlString } from '../duckdb.js';
import { type ColumnSchema, glueType } from '../types.js';
import type { FileFormat, FormatOptions } from './file-format.js';

export interface InferredSchema {
  readonly columns: ColumnSchema[];
  /** The CSV dialect found (delimiter, quote, escape, header). */
  readonly options: FormatOptions;
}

const EMPTY = '(empty)';

/**
 * The columns and dialect of one file, by sampling it: DuckDB's CSV sniffer, the JSON reader's
 * sampling, or the Parquet footer. Errors name the file.
 */
export async function inferFileSchema(
  con: DuckDBConnection,
  path: string,
  format: Exclude<FileFormat, 'recordio'>,
  options: { sampleSize?: number } = {},
): Promise<InferredSchema> {
  try {
    if (format === 'csv') {
      const sample = options.sampleSize ? `, sample_size=${options.sampleSize}` : '';
      const [row] = await queryRows(con, `FROM sniff_csv(${sqlString(path)}${sample})`);
      if (!row) throw invalidArgument(`${path}: the CSV sniffer found nothing`, { path });
      const cols = row.Columns as { name: string; type: string }[];
      const text = (v: unknown) => (v === EMPTY ? '' : String(v));
      return {
        columns: cols.map((c) => ({ name: c.name, type: glueType(c.type) })),
        options: {
          delimiter: text(row.Delimiter),
          quote: text(row.Quote),
          escape: text(row.Escape),
          header: Boolean(row.HasHeader),
        },
      };
    }
    const reader =
      format === 'json'
        ? `read_json(${sqlString(path)}, format='newline_delimited', hive_partitioning=false${options.sampleSize ? `, sample_size=${options.sampleSize}` : ''})`
        : `read_parquet(${sqlString(path)}, hive_partitioning=false)`;
    const rows = await queryRows(con, `DESCRIBE SELECT * FROM ${reader}`);
    return {
      columns: rows.map((r) => ({ name: String(r.column_name), type: glueType(String(r.column_type)) })),
      options: {},
    };
  } catch (err) {
    if (err instanceof PlatformError) throw err;
    const message = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw invalidArgument(`${path}: cannot read as ${format}: ${message}`, { path, format });
  }
}
