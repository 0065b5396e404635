import type { SparseMatrix } from '../../matrix.js';

/**
 * An FM's parameters: ŷ = w0 + Σ wⱼxⱼ + Σ_{j<l} ⟨vⱼ, vₗ⟩ xⱼxₗ. `factors` holds V row-major
 * (features × k), so a feature's vector is one contiguous slice. `bias` is a 1-element array so the
 * optimizer updates it like any other slice.
 */
export interface FmParams {
  readonly k: number;
  readonly bias: Float64Array;
  readonly linear: Float64Array;
  readonly factors: Float64Array;
}

export function fmParams(features: number, k: number): FmParams {
  return {
    k,
    bias: new Float64Array(1),
    linear: new Float64Array(features),
    factors: new Float64Array(features * k),
  };
}

/**
 * ŷ for row i in O(k·nnz) by Rendle's identity
 * Σ_{j<l} ⟨vⱼ, vₗ⟩ xⱼxₗ = ½ Σ_f [(Σⱼ v_{j,f} xⱼ)² − Σⱼ v_{j,f}² xⱼ²].
 * Leaves sums[f] = Σⱼ v_{j,f} xⱼ, which the gradient needs; allocates nothing.
 */
export function scoreRow(p: FmParams, x: SparseMatrix, i: number, sums: Float64Array): number {
  const { k, linear: w, factors: v } = p;
  let y = p.bias[0]!;
  let squares = 0;
  sums.fill(0, 0, k);
  const end = x.indptr[i + 1]!;
  for (let t = x.indptr[i]!; t < end; t++) {
    const j = x.indices[t]!;
    const xj = x.values[t]!;
    y += w[j]! * xj;
    const o = j * k;
    for (let f = 0; f < k; f++) {
      const a = v[o + f]! * xj;
      sums[f] = sums[f]! + a;
      squares += a * a;
    }
  }
  let pairs = 0;
  for (let f = 0; f < k; f++) pairs += sums[f]! * sums[f]!;
  return y + 0.5 * (pairs - squares);
}

/**
 * Adds g·∂ŷ/∂θ for row i to `grad` (same layout as `p`): ∂ŷ/∂w0 = 1, ∂ŷ/∂wⱼ = xⱼ and
 * ∂ŷ/∂v_{j,f} = xⱼ·sums[f] − v_{j,f}·xⱼ², with `sums` from `scoreRow` on the same row.
 */
export function addRowGradient(
  p: FmParams,
  x: SparseMatrix,
  i: number,
  sums: Float64Array,
  g: number,
  grad: FmParams,
): void {
  const { k, factors: v } = p;
  const gw = grad.linear;
  const gv = grad.factors;
  grad.bias[0] = grad.bias[0]! + g;
  const end = x.indptr[i + 1]!;
  for (let t = x.indptr[i]!; t < end; t++) {
    const j = x.indices[t]!;
    const xj = x.values[t]!;
    const gx = g * xj;
    gw[j] = gw[j]! + gx;
    const o = j * k;
    for (let f = 0; f < k; f++) gv[o + f] = gv[o + f]! + gx * (sums[f]! - v[o + f]! * xj);
  }
}

/** ŷ (before the link function) for every row. */
export function scoreRows(p: FmParams, x: SparseMatrix): Float64Array {
  const out = new Float64Array(x.rows);
  const sums = new Float64Array(p.k);
  for (let i = 0; i < x.rows; i++) out[i] = scoreRow(p, x, i, sums);
  return out;
}

/** Logistic function, without overflow for large |z|. */
export function sigmoid(z: number): number {
  if (z >= 0) return 1 / (1 + Math.exp(-z));
  const e = Math.exp(z);
  return e / (1 + e);
}

/** Logistic loss of margin z for label y ∈ {0, 1}: log(1 + e^z) − y·z, computed stably. */
export function logisticLoss(z: number, y: number): number {
  return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z))) - y * z;
}
