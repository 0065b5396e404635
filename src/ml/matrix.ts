/** A dense row-major matrix over one Float64Array: row i is data[i*cols .. (i+1)*cols). */
export interface Matrix {
  readonly rows: number;
  readonly cols: number;
  readonly data: Float64Array;
}

export function matrix(
  rows: number,
  cols: number,
  data: Float64Array = new Float64Array(rows * cols),
): Matrix {
  if (data.length !== rows * cols)
    throw new RangeError(`matrix ${rows}x${cols} needs ${rows * cols} values, got ${data.length}`);
  return { rows, cols, data };
}

/** Builds a matrix from nested arrays (tests and small inputs). */
export function fromRows(rows: readonly (readonly number[])[]): Matrix {
  const cols = rows[0]?.length ?? 0;
  const data = new Float64Array(rows.length * cols);
  rows.forEach((r, i) => {
    data.set(r, i * cols);
  });
  return { rows: rows.length, cols, data };
}

/** Row i as a view (no copy). */
export function row(m: Matrix, i: number): Float64Array {
  return m.data.subarray(i * m.cols, (i + 1) * m.cols);
}

/** The rows at `indices`, copied into a new matrix. */
export function takeRows(m: Matrix, indices: ArrayLike<number>): Matrix {
  const out = new Float64Array(indices.length * m.cols);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] as number;
    out.set(m.data.subarray(i * m.cols, (i + 1) * m.cols), k * m.cols);
  }
  return { rows: indices.length, cols: m.cols, data: out };
}

/** Column means. */
export function columnMeans(m: Matrix): Float64Array {
  const means = new Float64Array(m.cols);
  for (let i = 0; i < m.rows; i++) {
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) means[j] = (means[j] as number) + (m.data[o + j] as number);
  }
  for (let j = 0; j < m.cols; j++) means[j] = (means[j] as number) / Math.max(1, m.rows);
  return means;
}

export function dot(a: Float64Array, b: Float64Array, n = a.length): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
}

/**
 * A compressed-sparse-row matrix: row i's entries are (indices[k], values[k]) for k in
 * indptr[i] .. indptr[i+1), column indices ascending. Sparse data (e.g. RecordIO sparse tensors,
 * one-hot user/item ids) stays in this form for the algorithms that work on it directly.
 */
export interface SparseMatrix {
  readonly rows: number;
  readonly cols: number;
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly values: Float64Array;
}

/** Features as an algorithm receives them: dense, or sparse for algorithms that accept it. */
export type Features = Matrix | SparseMatrix;

export function isSparse(x: Features): x is SparseMatrix {
  return 'indptr' in x;
}

/** A dense matrix's non-zero cells as CSR. */
export function toSparse(m: Matrix): SparseMatrix {
  let nnz = 0;
  for (let i = 0; i < m.data.length; i++) if (m.data[i] !== 0) nnz++;
  const indptr = new Int32Array(m.rows + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let k = 0;
  for (let i = 0; i < m.rows; i++) {
    const o = i * m.cols;
    for (let j = 0; j < m.cols; j++) {
      const v = m.data[o + j] as number;
      if (v !== 0) {
        indices[k] = j;
        values[k++] = v;
      }
    }
    indptr[i + 1] = k;
  }
  return { rows: m.rows, cols: m.cols, indptr, indices, values };
}

/** Dense cells above which `toDense` refuses (8 GiB of float64): the caller should stay sparse. */
const MAX_DENSE_CELLS = 2 ** 30;

/** The features as a dense matrix (a sparse one is expanded, zeros filled in). */
export function toDense(x: Features, who = 'this algorithm'): Matrix {
  if (!isSparse(x)) return x;
  if (x.rows * x.cols > MAX_DENSE_CELLS)
    throw new RangeError(
      `${who} needs dense features, and ${x.rows} rows × ${x.cols} sparse columns are too many to expand; use factorization-machines, which takes sparse input`,
    );
  const out = new Float64Array(x.rows * x.cols);
  for (let i = 0; i < x.rows; i++)
    for (let k = x.indptr[i] as number; k < (x.indptr[i + 1] as number); k++)
      out[i * x.cols + (x.indices[k] as number)] = x.values[k] as number;
  return { rows: x.rows, cols: x.cols, data: out };
}
