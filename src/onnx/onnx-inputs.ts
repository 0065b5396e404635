import { invalidArgument } from '../core/index.js';
import type { Frame, FrameColumn } from '../engine/index.js';
import { type Features, type Preprocessor, toDense } from '../ml/index.js';
import { type NumericInput, SPARSE_INPUT } from './preprocess-graph.js';

/** One graph input's data, independent of any ONNX runtime's tensor class (types as onnxruntime names them). */
export type OnnxInput =
  | { readonly type: 'float32'; readonly data: Float32Array; readonly dims: readonly [number, number] }
  | { readonly type: 'float64'; readonly data: Float64Array; readonly dims: readonly [number, number] }
  | { readonly type: 'string'; readonly data: string[]; readonly dims: readonly [number, number] };

/** Numbers as a tensor of the graph's numeric input type. */
function numericInput(data: Float64Array, dims: readonly [number, number], type: NumericInput): OnnxInput {
  return type === 'double'
    ? { type: 'float64', data, dims }
    : { type: 'float32', data: Float32Array.from(data), dims };
}

const present = (col: FrameColumn, i: number) => col.valid === null || col.valid[i] === 1;

function numbers(col: FrameColumn, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (!present(col, i)) out[i] = Number.NaN;
    else if (col.kind === 'string') {
      const s = col.dictionary[col.codes[i]!]!;
      const v = s.trim() === '' ? Number.NaN : Number(s);
      if (Number.isNaN(v))
        throw invalidArgument(`column '${col.name}', row ${i + 1}: '${s}' is not a number`, {
          column: col.name,
          row: i + 1,
        });
      out[i] = v;
    } else out[i] = col.values[i]!;
  }
  return out;
}

/** Strings as Kelp's preprocessor reads them; a missing value becomes '' (no category). */
function strings(col: FrameColumn, n: number): string[] {
  return Array.from({ length: n }, (_, i) => {
    if (!present(col, i)) return '';
    if (col.kind === 'string') return col.dictionary[col.codes[i]!]!;
    return String(col.kind === 'bool' ? col.values[i] === 1 : col.values[i]);
  });
}

/**
 * The exported graph's inputs for a frame: per feature column, `numeric` [N,1] (missing = NaN) or
 * string [N,1] (missing = ''). Columns the model does not use are ignored.
 */
export function onnxInputs(
  pre: Preprocessor,
  frame: Frame,
  numeric: NumericInput = 'float',
): Record<string, OnnxInput> {
  const n = frame.length;
  const out: Record<string, OnnxInput> = {};
  for (const plan of pre.features) {
    const col = frame.columns.find((c) => c.name === plan.name);
    if (!col)
      throw invalidArgument(`the model needs column '${plan.name}', which the data does not have`, {
        column: plan.name,
      });
    out[plan.name] =
      plan.kind === 'numeric'
        ? numericInput(numbers(col, n), [n, 1], numeric)
        : { type: 'string', data: strings(col, n), dims: [n, 1] };
  }
  return out;
}

/** The one input of a model trained on sparse rows: the rows expanded, [N, width]. */
export function sparseOnnxInputs(x: Features, numeric: NumericInput = 'float'): Record<string, OnnxInput> {
  const dense = toDense(x, 'the ONNX input');
  return { [SPARSE_INPUT]: numericInput(dense.data, [dense.rows, dense.cols], numeric) };
}

/** A raw numeric cell: null, undefined, NaN and '' are missing; numeric strings are parsed. */
function rawNumber(v: unknown, column: string, row: number): number {
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === '')) return Number.NaN;
  const x = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(v);
  if (Number.isNaN(x) && typeof v !== 'number')
    throw invalidArgument(`column '${column}', row ${row}: '${String(v)}' is not a number`, { column, row });
  return x;
}

/** Raw rows (objects keyed by column name) as a frame holding the model's feature columns. */
export function rowsToFrame(pre: Preprocessor, rows: readonly Record<string, unknown>[]): Frame {
  const n = rows.length;
  const columns: FrameColumn[] = pre.features.map((plan) => {
    const valid = new Uint8Array(n);
    if (plan.kind === 'numeric') {
      const values = new Float64Array(n);
      rows.forEach((r, i) => {
        const x = rawNumber(r[plan.name], plan.name, i + 1);
        valid[i] = Number.isNaN(x) ? 0 : 1;
        values[i] = Number.isNaN(x) ? 0 : x;
      });
      return { name: plan.name, kind: 'float64', values, valid };
    }
    const dictionary: string[] = [];
    const index = new Map<string, number>();
    const codes = new Int32Array(n).fill(-1);
    rows.forEach((r, i) => {
      const v = r[plan.name];
      if (v === null || v === undefined) return;
      const s = String(v);
      let k = index.get(s);
      if (k === undefined) {
        k = dictionary.push(s) - 1;
        index.set(s, k);
      }
      codes[i] = k;
      valid[i] = 1;
    });
    return { name: plan.name, kind: 'string', codes, dictionary, valid };
  });
  return { length: n, columns };
}
