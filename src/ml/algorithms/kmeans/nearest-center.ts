import { crossDots } from '../../kernels/cross-dots.js';

/** Rows per block: the block (read in place) and its distances (BLOCK × k) stay in cache. */
const BLOCK = 256;

/**
 * The k-means kernels work in coordinates centred on the column means, as scikit-learn does (it
 * centres a copy of the data): the expanded distance ||x||² − 2x·c + ||c||² would otherwise lose
 * digits in proportion to (offset / spread)². Copying is not free here (a fresh array of the data's
 * size costs 3.5–5 ms per MB in page faults on this machine, 0.6 s for 1M × 20; centring each block
 * on the fly costs ~50 ms a pass), so the shift m is folded into the product instead:
 * ||(x − m) − c||² = ||x − m||² + (||c||² + 2m·c) − 2x·c, with the centres c kept centred,
 * ||x − m||² computed once per row and the bracket once per centre (shiftedNorms). That leaves an
 * error linear in offset / spread, which float64 absorbs for any real data.
 */

/** ||c_j||² for each row of a row-major k × d matrix. */
export function rowSquaredNorms(c: Float64Array, k: number, d: number): Float64Array {
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = j * d, end = t + d; t < end; t++) s += (c[t] as number) * (c[t] as number);
    out[j] = s;
  }
  return out;
}

/** ||x_i − shift||² for each row of x (n × d). */
export function centredSquaredNorms(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let t = 0, o = i * d; t < d; t++) {
      const v = (x[o + t] as number) - (shift[t] as number);
      s += v * v;
    }
    out[i] = s;
  }
  return out;
}

/**
 * ||c_j||² + 2·shift·c_j per centre: with it, ||(x − shift) − c||² = ||x − shift||² + that − 2·x·c,
 * so the product can run on the rows as stored.
 */
export function shiftedNorms(c: Float64Array, k: number, d: number, shift: Float64Array): Float64Array {
  const out = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    let s = 0;
    for (let t = 0, o = j * d; t < d; t++) {
      const v = c[o + t] as number;
      s += v * (v + 2 * (shift[t] as number));
    }
    out[j] = s;
  }
  return out;
}

export interface AssignOptions {
  readonly weights?: Float64Array | undefined;
  /** Receives each row's squared distance to its centre. */
  readonly distances?: Float64Array;
  /**
   * With `clusterWeights`: receives Σ w·(x − shift) per cluster (k × d) while the block is in cache,
   * the update half of a Lloyd iteration fused into the same pass, as scikit-learn's lloyd_iter does.
   */
  readonly sums?: Float64Array;
  readonly clusterWeights?: Float64Array;
}

/**
 * Labels each row of x (n × d, read as x − shift; `xNorms` its centred squared norms) with its
 * nearest centre (k × d, centred), by squared distance ||x||² − 2x·c + ||c||², one dense product per
 * block of rows as scikit-learn's Lloyd does with BLAS. Ties go to the lower index. Returns
 * Σ w·distance² (each clamped at 0: the expanded form can round below it) and how many labels
 * changed (what Lloyd's strict convergence needs, without keeping the old labels).
 */
export function assignNearest(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  xNorms: Float64Array,
  centers: Float64Array,
  k: number,
  labels: Int32Array,
  options: AssignOptions = {},
): { inertia: number; changed: number } {
  const { weights, distances, sums, clusterWeights } = options;
  const centerNorms = shiftedNorms(centers, k, d, shift);
  const dots = new Float64Array(Math.min(BLOCK, n) * k);
  sums?.fill(0);
  clusterWeights?.fill(0);
  let total = 0;
  let changed = 0;
  for (let i0 = 0; i0 < n; i0 += BLOCK) {
    const m = Math.min(BLOCK, n - i0);
    crossDots(x.subarray(i0 * d, (i0 + m) * d), m, centers, k, d, dots);
    for (let r = 0; r < m; r++) {
      let best = 0;
      let bestDistance = Number.POSITIVE_INFINITY;
      for (let j = 0, o = r * k; j < k; j++) {
        const e = (centerNorms[j] as number) - 2 * (dots[o + j] as number);
        if (e < bestDistance) {
          bestDistance = e;
          best = j;
        }
      }
      const i = i0 + r;
      if (labels[i] !== best) changed++;
      labels[i] = best;
      const sq = Math.max(0, (xNorms[i] as number) + bestDistance);
      if (distances) distances[i] = sq;
      const w = weights ? (weights[i] as number) : 1;
      total += w * sq;
      if (sums && clusterWeights) {
        clusterWeights[best] = (clusterWeights[best] as number) + w;
        for (let t = 0, c = best * d, o = i * d; t < d; t++) {
          sums[c + t] = (sums[c + t] as number) + ((x[o + t] as number) - (shift[t] as number)) * w;
        }
      }
    }
  }
  return { inertia: total, changed };
}

/** Σ w_i ||(x_i − shift) − c_label(i)||², computed directly (not by the expanded form): the reported inertia. */
export function exactInertia(
  x: Float64Array,
  n: number,
  d: number,
  shift: Float64Array,
  centers: Float64Array,
  labels: Int32Array,
  weights?: Float64Array,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    const c = (labels[i] as number) * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const diff = (x[o + t] as number) - (shift[t] as number) - (centers[c + t] as number);
      s += diff * diff;
    }
    total += weights ? (weights[i] as number) * s : s;
  }
  return total;
}
