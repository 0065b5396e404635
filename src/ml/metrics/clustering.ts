/**
 * Clustering metrics over a row-major feature matrix: inertia and the silhouette score.
 */
import { invalidArgument } from '../../core/index.js';
import { type Matrix, takeRows } from '../matrix.js';
import { Random } from '../random.js';
import { checkFinite } from './validate.js';

/** Sum over rows of the squared Euclidean distance to the row's centre (k-means' objective). */
export function inertia(x: Matrix, labels: Int32Array, centers: Matrix): number {
  if (labels.length !== x.rows)
    throw invalidArgument(`labels has ${labels.length} values but x has ${x.rows} rows`, {
      labels: labels.length,
      rows: x.rows,
    });
  if (centers.cols !== x.cols)
    throw invalidArgument(`centers have ${centers.cols} columns but x has ${x.cols}`, {
      centerCols: centers.cols,
      cols: x.cols,
    });
  const d = x.cols;
  let s = 0;
  for (let i = 0; i < x.rows; i++) {
    const l = labels[i] as number;
    if (l < 0 || l >= centers.rows)
      throw invalidArgument(`labels[${i}] = ${l} is not a centre index in 0..${centers.rows - 1}`, {
        index: i,
        value: l,
      });
    const xo = i * d;
    const co = l * d;
    for (let j = 0; j < d; j++) {
      const diff = (x.data[xo + j] as number) - (centers.data[co + j] as number);
      s += diff * diff;
    }
  }
  if (!Number.isFinite(s)) {
    checkFinite(x.data, 'x');
    checkFinite(centers.data, 'centers');
  }
  return s;
}

export interface SilhouetteOptions {
  /**
   * Up to this many rows the score is exact; above it, it is the exact score of a seeded random
   * subset of this many rows (sklearn's `sample_size`). The cost is O(rows² x cols). Default 5000.
   */
  readonly sampleSize?: number;
  /** Seed for the subset. Default 0. */
  readonly seed?: number;
}

/**
 * Mean silhouette coefficient with Euclidean distance, as sklearn's `silhouette_score`. Labels may
 * be any integers (-1 for noise counts as a cluster, as in sklearn); the distinct labels present
 * must number 2..rows-1. A row alone in its cluster scores 0.
 */
export function silhouetteScore(x: Matrix, labels: Int32Array, options: SilhouetteOptions = {}): number {
  const sampleSize = options.sampleSize ?? 5000;
  if (!Number.isInteger(sampleSize) || sampleSize < 3)
    throw invalidArgument(`sampleSize must be a whole number ≥ 3, got ${sampleSize}`, { sampleSize });
  if (labels.length !== x.rows)
    throw invalidArgument(`labels has ${labels.length} values but x has ${x.rows} rows`, {
      labels: labels.length,
      rows: x.rows,
    });
  checkFinite(x.data, 'x');
  if (x.rows <= sampleSize) return exactSilhouette(x, labels);
  const rows = new Random(options.seed ?? 0).sample(x.rows, sampleSize);
  const sub = new Int32Array(sampleSize);
  for (let k = 0; k < sampleSize; k++) sub[k] = labels[rows[k] as number] as number;
  return exactSilhouette(takeRows(x, rows), sub, true);
}

function exactSilhouette(x: Matrix, labels: Int32Array, sampled = false): number {
  const n = x.rows;
  const { codes, sizes } = encode(labels);
  const k = sizes.length;
  if (k < 2 || k > n - 1)
    throw invalidArgument(
      `silhouette needs 2 to rows - 1 = ${n - 1} distinct labels, got ${k}` +
        (sampled ? ' in the sample' : ''),
      { labels: k, rows: n },
    );
  const sums = clusterDistanceSums(x, codes, k);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const own = codes[i] as number;
    const size = sizes[own] as number;
    if (size === 1) continue; // sklearn: 0/0 → NaN → 0
    const a = (sums[i * k + own] as number) / (size - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === own) continue;
      const mean = (sums[i * k + c] as number) / (sizes[c] as number);
      if (mean < b) b = mean;
    }
    const m = Math.max(a, b);
    if (m > 0) total += (b - a) / m;
  }
  return total / n;
}

/** Labels → dense codes 0..k-1 (in order of first appearance) and the size of each. */
function encode(labels: Int32Array): { codes: Int32Array; sizes: Int32Array } {
  const index = new Map<number, number>();
  const codes = new Int32Array(labels.length);
  const counts: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i] as number;
    let c = index.get(l);
    if (c === undefined) {
      c = counts.length;
      index.set(l, c);
      counts.push(0);
    }
    codes[i] = c;
    counts[c] = (counts[c] as number) + 1;
  }
  return { codes, sizes: Int32Array.from(counts) };
}

/**
 * sums[i * k + c] = Σ distance(i, j) over rows j in cluster c. Each pair is measured once and added
 * to both rows, halving the O(n² d) work; the loop is inlined over raw offsets because it is the
 * whole cost of the metric.
 */
function clusterDistanceSums(x: Matrix, codes: Int32Array, k: number): Float64Array {
  const n = x.rows;
  const d = x.cols;
  const data = x.data;
  const sums = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    const ci = codes[i] as number;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let f = 0; f < d; f++) {
        const diff = (data[oi + f] as number) - (data[oj + f] as number);
        s += diff * diff;
      }
      const dist = Math.sqrt(s);
      const a = i * k + (codes[j] as number);
      const b = j * k + ci;
      sums[a] = (sums[a] as number) + dist;
      sums[b] = (sums[b] as number) + dist;
    }
  }
  return sums;
}
