import { createReadStream } from 'node:fs';

import { invalidArgument } from '../core/index.js';
import { type DuckDBConnection, type Frame, recordio, requireFormat } from '../engine/index.js';
import { type Matrix, type SparseMatrix, toSparse } from '../ml/index.js';
import { loadFrame } from './load-frame.js';

/** RecordIO rows kept sparse: the "values" feature tensor of each record as one CSR row. */
export interface SparseRecords {
  readonly x: SparseMatrix;
  /** The first value of each record's label tensor (NaN where a record has none). */
  readonly label: Float64Array;
  readonly hasLabel: boolean;
}

async function* records(paths: readonly string[]): AsyncGenerator<recordio.RecordIORecord> {
  for (const path of paths)
    yield* recordio.readRecordIO(createReadStream(path, { highWaterMark: 1 << 20 }), { path });
}

/**
 * Sparse when the tensor has keys, or a shape its values do not fill: an all-zero sparse row has no
 * keys on the wire (empty repeated fields decode as absent).
 */
function isSparseTensor(t: recordio.Tensor): boolean {
  return t.keys !== undefined || (t.shape?.length === 1 && t.values.length !== t.shape[0]);
}

/** True when the first record's "values" features are a sparse tensor. */
export async function isSparseRecordIO(paths: readonly string[]): Promise<boolean> {
  for await (const r of records(paths.slice(0, 1)))
    return r.features.values ? isSparseTensor(r.features.values) : false;
  return false;
}

/**
 * Reads every record's "values" tensor into CSR rows without expanding them (a one-hot user × item
 * matrix can have millions of columns). Dense tensors are accepted too; all rows must have the
 * same width (the sparse tensors' shape[0]). `width`, when given, is the width a model expects;
 * `limit` stops after that many records.
 */
export async function readSparseRecords(
  paths: readonly string[],
  width?: number,
  limit = Number.POSITIVE_INFINITY,
): Promise<SparseRecords> {
  let indptr = new Int32Array(1024);
  let indices = new Int32Array(4096);
  let values = new Float64Array(4096);
  let label = new Float64Array(1024);
  let rows = 0;
  let nnz = 0;
  let cols = width ?? -1;
  let hasLabel = false;
  for await (const r of records(paths)) {
    if (rows >= limit) break;
    const t = r.features.values;
    const where = `record ${rows + 1}`;
    if (!t || Array.isArray(t.values))
      throw invalidArgument(`${where}: no numeric "values" feature tensor`, { record: rows + 1 });
    const sparse = isSparseTensor(t);
    const rowWidth = sparse ? Number(t.shape?.[0] ?? 0) : t.values.length;
    if (cols < 0) cols = rowWidth;
    if (rowWidth !== cols)
      throw invalidArgument(`${where}: ${rowWidth} features, expected ${cols}`, { record: rows + 1 });
    const n = t.values.length;
    if (rows + 2 > indptr.length) {
      indptr = grow(indptr);
      label = grow(label);
    }
    while (nnz + n > indices.length) {
      indices = grow(indices);
      values = grow(values);
    }
    for (let j = 0; j < n; j++) {
      const key = sparse ? t.keys![j]! : j;
      if (key < 0 || key >= cols)
        throw invalidArgument(`${where}: sparse key ${key} is outside shape [${cols}]`, { record: rows + 1 });
      const v = t.values[j] as number;
      if (!Number.isFinite(v))
        throw invalidArgument(`${where}: feature ${key} is ${v}`, { record: rows + 1 });
      if (v === 0) continue;
      indices[nnz] = key;
      values[nnz++] = v;
    }
    const y = r.label?.values?.values[0];
    label[rows] = typeof y === 'number' ? y : Number.NaN;
    hasLabel ||= typeof y === 'number';
    indptr[++rows] = nnz;
  }
  if (rows === 0) throw invalidArgument(`no records in ${paths.join(', ')}`);
  return {
    x: {
      rows,
      cols,
      indptr: indptr.slice(0, rows + 1),
      indices: indices.slice(0, nnz),
      values: values.slice(0, nnz),
    },
    label: label.slice(0, rows),
    hasLabel,
  };
}

function grow<T extends Int32Array | Float64Array>(a: T): T {
  const b = new (a.constructor as new (n: number) => T)(a.length * 2);
  b.set(a);
  return b;
}

/**
 * The rows of data files for a model trained on sparse rows: RecordIO read straight into CSR rows,
 * other formats through their feature_<j> columns. `limit` keeps the first rows only.
 */
export async function loadSparseRows(
  con: DuckDBConnection,
  paths: readonly string[],
  width: number,
  options: { limit?: number } = {},
): Promise<SparseMatrix> {
  if (requireFormat(paths[0]!, 'data') === 'recordio')
    return (await readSparseRecords(paths, width, options.limit)).x;
  return sparseFromFrame((await loadFrame(con, paths, options)).frame, width);
}

/**
 * The columns feature_0 .. feature_{width-1} of a frame as CSR rows: scoring CSV, JSON lines or
 * Parquet data with a model trained on sparse RecordIO (the columns RecordIO tables expand to).
 */
export function sparseFromFrame(frame: Frame, width: number): SparseMatrix {
  const n = frame.length;
  const dense: Matrix = { rows: n, cols: width, data: new Float64Array(n * width) };
  for (let j = 0; j < width; j++) {
    const col = frame.columns.find((c) => c.name === `feature_${j}`);
    if (!col || col.kind === 'string')
      throw invalidArgument(
        `column 'feature_${j}' ${col ? 'is not numeric' : 'is missing'}: the model was trained on ${width} sparse features`,
        { column: `feature_${j}` },
      );
    for (let i = 0; i < n; i++) {
      const valid = col.valid === null || col.valid[i] === 1;
      dense.data[i * width + j] = valid ? (col.values[i] as number) : 0;
    }
  }
  return toSparse(dense);
}
