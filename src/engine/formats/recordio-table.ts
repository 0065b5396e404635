import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

import { DOUBLE, DuckDBDataChunk, type DuckDBType, FLOAT, INTEGER, VARCHAR } from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';

import { invalidArgument } from '../../core/index.js';
import { type DuckDBConnection, queryRows, sqlIdent } from '../duckdb.js';
import { type RecordIORecord, RecordIOWriter, readRecordIO, type Tensor } from './recordio/index.js';

const CHUNK = 2048;
const NUMERIC =
  /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|FLOAT|DOUBLE|DECIMAL.*|BOOLEAN)$/i;

/**
 * Writes the rows of `sql` as RecordIO-protobuf the way SageMaker's `write_numpy_to_dense_tensor`
 * does: every column but the label becomes one dense float32 tensor under the key "values"; the
 * label, when named, becomes a one-value float32 tensor under the label's "values" key.
 */
export async function writeRowsAsRecords(
  con: DuckDBConnection,
  sql: string,
  output: string,
  options: { label?: string | undefined; signal?: AbortSignal | undefined },
): Promise<number> {
  const described = await queryRows(con, `DESCRIBE ${sql}`);
  for (const row of described) {
    if (!NUMERIC.test(String(row.column_type))) {
      throw invalidArgument(
        `column '${row.column_name}' is ${row.column_type}: RecordIO dense tensors hold numbers only (drop or encode it first)`,
        { column: row.column_name },
      );
    }
  }
  const names = described.map((r) => String(r.column_name));
  const labelIndex = options.label ? names.indexOf(options.label) : -1;
  const featureIndexes = names.map((_, i) => i).filter((i) => i !== labelIndex);
  const projection = names.map((n) => `CAST(${sqlIdent(n)} AS FLOAT) AS ${sqlIdent(n)}`).join(', ');
  const result = await con.stream(`SELECT ${projection} FROM (${sql}) AS q`);
  const out = await open(output, 'w');
  let rows = 0;
  try {
    const writer = new RecordIOWriter((chunk) => out.write(chunk).then(() => undefined));
    const columns = names.map(() => new Float32Array(CHUNK));
    for (;;) {
      options.signal?.throwIfAborted();
      const chunk = await result.fetchChunk();
      if (!chunk || chunk.rowCount === 0) break;
      const n = chunk.rowCount;
      names.forEach((name, c) => {
        const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
        const validity = duckdb.vector_get_validity(vector, CHUNK / 8) as Uint8Array | null;
        const column = columns[c] as Float32Array;
        new Uint8Array(column.buffer).set(duckdb.vector_get_data(vector, n * 4));
        if (validity && validity.length > 0) {
          for (let r = 0; r < n; r++) {
            if (!((validity[r >> 3] as number) & (1 << (r & 7)))) {
              throw invalidArgument(
                `row ${rows + r + 1}, column '${name}': missing value (RecordIO dense tensors cannot hold nulls)`,
                {
                  row: rows + r + 1,
                  column: name,
                },
              );
            }
          }
        }
      });
      for (let r = 0; r < n; r++) {
        const values = new Float32Array(featureIndexes.length);
        for (let j = 0; j < featureIndexes.length; j++)
          values[j] = (columns[featureIndexes[j] as number] as Float32Array)[r] as number;
        const record: RecordIORecord = { features: { values: { type: 'float32', values } } };
        if (labelIndex >= 0) {
          record.label = {
            values: {
              type: 'float32',
              values: Float32Array.of((columns[labelIndex] as Float32Array)[r] as number),
            },
          };
        }
        await writer.write(record);
      }
      rows += n;
    }
    await writer.close();
  } finally {
    await out.close();
  }
  return rows;
}

interface ColumnPlan {
  readonly name: string;
  readonly type: DuckDBType;
  /** Typed buffer for numeric columns (fast copy), or JS values for the rest. */
  readonly numbers?: Float32Array | Float64Array | Int32Array;
  readonly values?: (string | number | null)[];
  readonly fill: (record: RecordIORecord, row: number, index: number) => void;
}

function tensorColumns(
  prefix: string,
  key: string,
  tensor: Tensor,
  where: 'features' | 'label',
): ColumnPlan[] {
  if (tensor.type === 'bytes') {
    const values: (string | null)[] = new Array(CHUNK).fill(null);
    return [
      {
        name: prefix,
        type: VARCHAR,
        values,
        fill: (record, row) => {
          const t = record[where]?.[key];
          const first = t?.type === 'bytes' ? (t.values as Uint8Array[])[0] : undefined;
          values[row] = first ? Buffer.from(first).toString('base64') : null;
        },
      },
    ];
  }
  // Sparse when it has keys, or a shape its values do not fill (an all-zero sparse row has no keys).
  const sparse =
    tensor.keys !== undefined || (tensor.shape?.length === 1 && tensor.values.length !== tensor.shape[0]);
  const width = sparse ? Number(tensor.shape?.[0] ?? 0) : tensor.values.length;
  if (sparse && !width)
    throw invalidArgument(`${where}.${key}: a sparse tensor needs a shape to become columns`);
  const Typed =
    tensor.type === 'float64' ? Float64Array : tensor.type === 'int32' ? Int32Array : Float32Array;
  const type = tensor.type === 'float64' ? DOUBLE : tensor.type === 'int32' ? INTEGER : FLOAT;
  const buffers = Array.from({ length: width }, () => new Typed(CHUNK));
  return buffers.map((numbers, i) => ({
    name: width === 1 && where === 'label' ? prefix : `${prefix}_${i}`,
    type,
    numbers,
    fill: (record, row, index) => {
      const t = record[where]?.[key];
      if (!t || t.type === 'bytes') {
        if (where === 'features') throw invalidArgument(`record ${index}: no '${key}' feature tensor`);
        numbers[row] = Number.NaN;
        return;
      }
      if (sparse) {
        // The first column's fill writes the whole row: zeros, then the listed values.
        if (i !== 0) return;
        for (let c = 0; c < width; c++) (buffers[c] as Float32Array)[row] = 0;
        const values = t.values as Float32Array;
        (t.keys ?? []).forEach((k, j) => {
          if (k >= width)
            throw invalidArgument(`record ${index}: sparse key ${k} is outside shape [${width}]`);
          (buffers[k] as Float32Array)[row] = values[j] as number;
        });
        return;
      }
      if (t.values.length !== width) {
        throw invalidArgument(
          `record ${index}: ${where} '${key}' has ${t.values.length} values, the first record had ${width}`,
        );
      }
      numbers[row] = (t.values as Float32Array)[i] as number;
    },
  }));
}

/**
 * Loads RecordIO records into a DuckDB table: the label as `label` (or `label_<i>`), each feature
 * value as `<key>_<i>` (`values` becomes `feature_<i>`; sparse rows are expanded to their shape),
 * bytes as base64 strings, plus `uid` and `metadata` when the first record has them.
 */
export async function appendRecordsToTable(
  con: DuckDBConnection,
  records: AsyncIterable<RecordIORecord>,
  table: string,
): Promise<number> {
  let plan: ColumnPlan[] | undefined;
  let appender: Awaited<ReturnType<DuckDBConnection['createAppender']>> | undefined;
  let row = 0;
  let total = 0;
  const flush = () => {
    if (!plan || !appender || row === 0) return;
    const chunk = DuckDBDataChunk.create(
      plan.map((p) => p.type),
      row,
    );
    plan.forEach((p, c) => {
      if (p.numbers) {
        const vector = duckdb.data_chunk_get_vector(chunk.chunk, c);
        duckdb.copy_data_to_vector(
          vector,
          0,
          p.numbers.buffer as ArrayBuffer,
          0,
          row * p.numbers.BYTES_PER_ELEMENT,
        );
        if (p.numbers instanceof Float64Array || p.numbers instanceof Float32Array) {
          const nulls = [] as number[];
          for (let r = 0; r < row; r++) if (Number.isNaN(p.numbers[r])) nulls.push(r);
          if (nulls.length) {
            const values = Array.from(p.numbers.subarray(0, row), (v) => (Number.isNaN(v) ? null : v));
            chunk.setColumnValues(c, values);
          }
        }
      } else if (p.values) {
        chunk.setColumnValues(c, p.values.slice(0, row));
      }
    });
    appender.appendDataChunk(chunk);
    row = 0;
  };
  for await (const record of records) {
    if (!plan) {
      plan = [];
      for (const [key, tensor] of Object.entries(record.label ?? {})) {
        plan.push(...tensorColumns(key === 'values' ? 'label' : `label_${key}`, key, tensor, 'label'));
      }
      for (const [key, tensor] of Object.entries(record.features)) {
        plan.push(...tensorColumns(key === 'values' ? 'feature' : key, key, tensor, 'features'));
      }
      if (record.uid !== undefined) plan.push(textColumn('uid', (r) => r.uid ?? null));
      if (record.metadata !== undefined) plan.push(textColumn('metadata', (r) => r.metadata ?? null));
      const columns = plan.map((p) => `${sqlIdent(p.name)} ${p.type.toString()}`).join(', ');
      await con.run(`CREATE TABLE ${sqlIdent(table)} (${columns})`);
      appender = await con.createAppender(table);
    }
    for (const p of plan) p.fill(record, row, total);
    row++;
    total++;
    if (row === CHUNK) flush();
  }
  flush();
  if (appender) appender.closeSync();
  else await con.run(`CREATE TABLE ${sqlIdent(table)} (feature_0 FLOAT)`);
  return total;
}

function textColumn(name: string, get: (r: RecordIORecord) => string | null): ColumnPlan {
  const values: (string | null)[] = new Array(CHUNK).fill(null);
  const fill = (record: RecordIORecord, row: number) => {
    values[row] = get(record);
  };
  return { name, type: VARCHAR, values, fill };
}

/** Loads several RecordIO files into one table (see `appendRecordsToTable`), streaming each in turn. */
export async function appendRecordFilesToTable(
  con: DuckDBConnection,
  paths: readonly string[],
  table: string,
): Promise<number> {
  async function* all(): AsyncGenerator<RecordIORecord> {
    for (const path of paths)
      yield* readRecordIO(createReadStream(path, { highWaterMark: 1 << 20 }), { path });
  }
  return appendRecordsToTable(con, all(), table);
}
