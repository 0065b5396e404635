import { DOUBLE, DuckDBDataChunk, VARCHAR } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

import { type DuckDBConnection, sqlIdent, sqlString } from './duckdb.js';
import { COPY_OPTIONS, requireFormat } from './formats/file-format.js';

/** A result column: numbers (NaN = null) or strings. */
export interface OutputColumn {
  readonly name: string;
  readonly values: Float64Array | readonly (string | null)[];
}

/**
 * Writes columns to a CSV, JSON lines or Parquet file (by extension) through DuckDB: numbers are
 * copied into DuckDB's vectors straight from the typed arrays, 2,048 rows at a time.
 */
export async function writeColumnsToFile(
  con: DuckDBConnection,
  columns: readonly OutputColumn[],
  path: string,
): Promise<number> {
  const format = requireFormat(path, 'output');
  if (format === 'recordio') throw new Error('write predictions as .csv, .jsonl or .parquet');
  const table = `out_${Math.random().toString(36).slice(2)}`;
  const types = columns.map((c) => (c.values instanceof Float64Array ? DOUBLE : VARCHAR));
  await con.run(
    `CREATE TEMP TABLE ${table} (${columns.map((c, i) => `${sqlIdent(c.name)} ${types[i]?.toString()}`).join(', ')})`,
  );
  const appender = await con.createAppender(table);
  const n = columns[0]?.values.length ?? 0;
  for (let start = 0; start < n; start += 2048) {
    const rows = Math.min(2048, n - start);
    const chunk = DuckDBDataChunk.create(types, rows);
    columns.forEach((c, i) => {
      if (c.values instanceof Float64Array) {
        const part = c.values.subarray(start, start + rows);
        let hasNaN = false;
        for (let r = 0; r < rows; r++) if (Number.isNaN(part[r])) hasNaN = true;
        if (hasNaN)
          chunk.setColumnValues(
            i,
            Array.from(part, (v) => (Number.isNaN(v) ? null : v)),
          );
        else
          duckdb.copy_data_to_vector(
            duckdb.data_chunk_get_vector(chunk.chunk, i),
            0,
            part.slice().buffer,
            0,
            rows * 8,
          );
      } else {
        chunk.setColumnValues(i, c.values.slice(start, start + rows) as (string | null)[]);
      }
    });
    appender.appendDataChunk(chunk);
  }
  appender.closeSync();
  await con.run(`COPY ${table} TO ${sqlString(path)} ${COPY_OPTIONS[format]}`);
  await con.run(`DROP TABLE ${table}`);
  return n;
}
