import { createReadStream } from 'node:fs';
import { open, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { invalidArgument } from '../../core/index.js';
import { type DuckDBConnection, queryRows, sqlIdent, sqlString, withDuckDB } from '../duckdb.js';
import { csvError } from './csv-errors.js';
import { COPY_OPTIONS, type FileFormat, requireFormat } from './file-format.js';
import { inferFileSchema } from './infer-schema.js';
import { RecordIOWriter, readRecordIO, recordToJson } from './recordio/index.js';
import { appendRecordsToTable, writeRowsAsRecords } from './recordio-table.js';
import { scanSql } from './scan.js';

export interface ConvertOptions {
  /** The label column: RecordIO output puts it in the record's label; tabular output puts it first. */
  readonly label?: string;
  /** Skip CSV rows that do not parse (counted in `badRows`) instead of failing. */
  readonly skipBadRows?: boolean;
  readonly signal?: AbortSignal;
}

export interface ConvertResult {
  readonly input: string;
  readonly output: string;
  readonly inputFormat: FileFormat;
  readonly outputFormat: FileFormat;
  readonly rows: number;
  readonly badRows: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly seconds: number;
}

/**
 * Converts a file between CSV, JSON lines, Parquet and RecordIO-protobuf, streaming: DuckDB spills
 * past its memory limit and RecordIO is framed record by record, so files larger than RAM work.
 * A failed conversion removes its partial output.
 */
export async function convertFile(
  input: string,
  output: string,
  options: ConvertOptions = {},
): Promise<ConvertResult> {
  const started = performance.now();
  const inputFormat = requireFormat(input, 'input');
  const outputFormat = requireFormat(output, 'output');
  const bytesIn = (
    await stat(input).catch(() => {
      throw invalidArgument(`${input}: no such file`, { path: input });
    })
  ).size;
  let rows = 0;
  let badRows = 0;
  try {
    await withDuckDB(
      async (con) => {
        if (inputFormat === 'recordio') {
          rows = await convertFromRecordIO(con, input, output, outputFormat, options);
          return;
        }
        const source = await labelledSource(con, input, inputFormat, options);
        if (outputFormat === 'recordio') {
          rows = await writeRowsAsRecords(con, source.sql, output, {
            label: options.label,
            signal: options.signal,
          });
        } else {
          const result = await con.run(
            `COPY (${source.sql}) TO ${sqlString(output)} ${COPY_OPTIONS[outputFormat]}`,
          );
          rows = Number(result.rowsChanged);
        }
        if (options.skipBadRows && inputFormat === 'csv') {
          const [row] = await queryRows(con, 'SELECT count(*)::INTEGER AS n FROM reject_errors');
          badRows = Number(row?.n ?? 0);
        }
      },
      { memoryLimit: '512MB', tempDirectory: join(dirname(output), '.kelp-spill') },
    );
  } catch (err) {
    await rm(output, { force: true });
    throw csvError(err, input) ?? err;
  } finally {
    await rm(join(dirname(output), '.kelp-spill'), { recursive: true, force: true });
  }
  return {
    input,
    output,
    inputFormat,
    outputFormat,
    rows,
    badRows,
    bytesIn,
    bytesOut: (await stat(output)).size,
    seconds: (performance.now() - started) / 1000,
  };
}

/** `SELECT` over a tabular file, with the label column first when one is named. */
async function labelledSource(
  con: DuckDBConnection,
  input: string,
  format: Exclude<FileFormat, 'recordio'>,
  options: ConvertOptions,
): Promise<{ sql: string }> {
  const scan = scanSql(format, [input], { options: { skipBadRows: options.skipBadRows } });
  if (!options.label) return { sql: `SELECT * FROM ${scan}` };
  const { columns } = await inferFileSchema(con, input, format);
  if (!columns.some((c) => c.name === options.label)) {
    throw invalidArgument(
      `${input}: no column '${options.label}' to use as the label (columns: ${columns.map((c) => c.name).join(', ')})`,
      { path: input, label: options.label },
    );
  }
  const label = sqlIdent(options.label);
  return { sql: `SELECT ${label}, * EXCLUDE (${label}) FROM ${scan}` };
}

async function convertFromRecordIO(
  con: DuckDBConnection,
  input: string,
  output: string,
  format: FileFormat,
  options: ConvertOptions,
): Promise<number> {
  const source = createReadStream(input, { highWaterMark: 1 << 20, signal: options.signal });
  if (format === 'json' || format === 'recordio') {
    const out = await open(output, 'w');
    let rows = 0;
    try {
      if (format === 'recordio') {
        const writer = new RecordIOWriter((chunk) => out.write(chunk).then(() => undefined));
        for await (const record of readRecordIO(source, { path: input })) {
          await writer.write(record);
          rows++;
        }
        await writer.close();
      } else {
        let buffer = '';
        for await (const record of readRecordIO(source, { path: input })) {
          buffer += `${JSON.stringify(recordToJson(record))}\n`;
          rows++;
          if (buffer.length > 1 << 20) {
            await out.write(buffer);
            buffer = '';
          }
        }
        await out.write(buffer);
      }
    } finally {
      await out.close();
    }
    return rows;
  }
  const rows = await appendRecordsToTable(con, readRecordIO(source, { path: input }), 'records');
  await con.run(`COPY records TO ${sqlString(output)} ${COPY_OPTIONS[format]}`);
  return rows;
}
