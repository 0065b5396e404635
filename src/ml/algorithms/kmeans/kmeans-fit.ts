import { invalidArgument } from '../../../core/index.js';
import { createYieldPoint } from '../../kernels/yield-point.js';
import type { Matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { elkan } from './elkan.js';
import { type InitMethod, initialCenters } from './kmeans-init.js';
import { lloyd, type RunOptions, type RunResult } from './lloyd.js';
import { miniBatch } from './minibatch.js';
import { centredSquaredNorms } from './nearest-center.js';

export type KMeansVariant = 'lloyd' | 'elkan' | 'minibatch';

export interface KMeansOptions {
  /** 'kmeans++' (default), 'random', or the k × d starting centres themselves (then one run). */
  readonly init?: InitMethod | Matrix;
  /** 'lloyd' (default, as scikit-learn), 'elkan' (same result, fewer distances), 'minibatch'. */
  readonly algorithm?: KMeansVariant;
  /** Iterations per run (passes over the data for mini-batch); default 300. */
  readonly maxIterations?: number;
  /** Relative tolerance: a run stops when Σ ||centre shift||² ≤ tol × mean column variance (1e-4). */
  readonly tol?: number;
  /** Runs from different seedings, best inertia kept (default 1); mini-batch uses it to pick a seeding. */
  readonly nInit?: number;
  /** Rows per mini-batch step (default 1024, scikit-learn's). */
  readonly miniBatchSize?: number;
  readonly seed?: number;
  /** Per-row weights (≥ 0): a weight w counts as w copies of the row. */
  readonly weights?: Float64Array;
  readonly signal?: AbortSignal;
  /** Per iteration (every 10 steps for mini-batch): the run (0-based), iteration, and inertia. */
  readonly onIteration?: (run: number, iteration: number, inertia: number) => void;
}

export interface KMeansResult {
  /** k × d centres. */
  readonly centers: Matrix;
  /** Nearest centre of each training row (to the final centres). */
  readonly labels: Int32Array;
  /** Σ w ||x − centre||² over the training rows. */
  readonly inertia: number;
  /** Iterations of the best run (passes over the data for mini-batch). */
  readonly iterations: number;
}

/**
 * k-means clustering of the rows of `x` into `k` clusters; same options and seed, same result.
 * Throws invalid_argument for k outside 1..rows, non-finite values or weights, or initial centres
 * of the wrong shape; cancelled when `signal` fires (checked between iterations).
 */
export async function kmeansFit(x: Matrix, k: number, options: KMeansOptions = {}): Promise<KMeansResult> {
  const { rows: n, cols: d } = x;
  const { init = 'kmeans++', algorithm = 'lloyd', weights } = options;
  validate(x, k, options);
  const random = new Random(options.seed ?? 0);
  // Like scikit-learn, work in coordinates centred on the column means (see nearest-center.ts):
  // the expanded distance loses the digits that matter far from the origin.
  const data = x.data;
  const { mean, meanVariance } = columnStats(data, n, d);
  const xNorms = centredSquaredNorms(data, n, d, mean);
  const given = typeof init === 'string' ? undefined : centred(init.data, k, d, mean);
  const base = {
    maxIterations: options.maxIterations ?? 300,
    tolerance: (options.tol ?? 1e-4) * meanVariance,
    checkpoint: createYieldPoint('k-means training', options.signal),
    ...(weights ? { weights } : {}),
  };
  const runOptions = (run: number): RunOptions => ({
    ...base,
    ...(options.onIteration
      ? { onIteration: (it: number, v: number) => options.onIteration?.(run, it, v) }
      : {}),
  });
  if (algorithm === 'minibatch') {
    const nInit = given ? 1 : (options.nInit ?? 1);
    const batchSize = options.miniBatchSize ?? 1024;
    const result = await miniBatch(data, n, d, mean, xNorms, k, {
      ...runOptions(0),
      batchSize,
      init: given ?? (init as InitMethod),
      nInit,
      random,
    });
    return toResult(result, k, d, mean);
  }
  let best: RunResult | undefined;
  const runs = given ? 1 : (options.nInit ?? 1);
  for (let run = 0; run < runs; run++) {
    const start =
      given ?? initialCenters(init as InitMethod, { x: data, n, d, shift: mean, xNorms, weights }, k, random);
    const result =
      algorithm === 'elkan'
        ? await elkan(data, n, d, mean, start, k, runOptions(run))
        : await lloyd(data, n, d, mean, xNorms, start, k, runOptions(run));
    if (!best || result.inertia < best.inertia) best = result;
  }
  return toResult(best as RunResult, k, d, mean);
}

function toResult(run: RunResult, k: number, d: number, mean: Float64Array): KMeansResult {
  const centers = run.centers;
  for (let i = 0; i < k * d; i++) centers[i] = (centers[i] as number) + (mean[i % d] as number);
  return {
    centers: { rows: k, cols: d, data: centers },
    labels: run.labels,
    inertia: run.inertia,
    iterations: run.iterations,
  };
}

/** rows × d values minus the column means, as a new array. */
export function centred(data: Float64Array, rows: number, d: number, mean: Float64Array): Float64Array {
  const out = new Float64Array(rows * d);
  for (let i = 0; i < rows; i++) {
    for (let t = 0, o = i * d; t < d; t++) out[o + t] = (data[o + t] as number) - (mean[t] as number);
  }
  return out;
}

/**
 * Column means, and the mean over columns of the population variance (scikit-learn's scale for
 * tol; unweighted), in one pass: sums are taken about the first row, which keeps the variance from
 * cancelling when the data sit far from the origin.
 */
function columnStats(data: Float64Array, n: number, d: number): { mean: Float64Array; meanVariance: number } {
  const sum = new Float64Array(d);
  const squares = new Float64Array(d);
  for (let i = 0; i < n; i++) {
    for (let t = 0, o = i * d; t < d; t++) {
      const v = (data[o + t] as number) - (data[t] as number);
      sum[t] = (sum[t] as number) + v;
      squares[t] = (squares[t] as number) + v * v;
    }
  }
  const mean = new Float64Array(d);
  let variance = 0;
  for (let t = 0; t < d; t++) {
    const m = (sum[t] as number) / n;
    mean[t] = (data[t] as number) + m;
    variance += Math.max(0, (squares[t] as number) / n - m * m);
  }
  return { mean, meanVariance: variance / d };
}

function validate(x: Matrix, k: number, options: KMeansOptions): void {
  const { rows: n, cols: d, data } = x;
  if (n === 0 || d === 0)
    throw invalidArgument(`k-means needs at least one row and one column, got ${n}x${d}`);
  if (!Number.isInteger(k) || k < 1 || k > n)
    throw invalidArgument(`k-means: k must be a whole number in 1..${n} (the number of rows), got ${k}`, {
      k,
    });
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    throw invalidArgument(
      `k-means: value at row ${Math.floor(bad / d)}, column ${bad % d} is ${data[bad]}; impute or drop missing values first`,
      { row: Math.floor(bad / d), column: bad % d },
    );
  }
  const { weights, init } = options;
  if (weights) {
    if (weights.length !== n) throw invalidArgument(`k-means: ${weights.length} weights for ${n} rows`);
    if (weights.some((w) => !(w >= 0) || w === Number.POSITIVE_INFINITY) || !weights.some((w) => w > 0))
      throw invalidArgument('k-means: weights must be finite, non-negative and not all zero');
  }
  if (init !== undefined && typeof init !== 'string') {
    if (init.rows !== k || init.cols !== d)
      throw invalidArgument(`k-means: initial centres must be ${k}x${d}, got ${init.rows}x${init.cols}`);
    if (init.data.some((v) => !Number.isFinite(v)))
      throw invalidArgument('k-means: initial centres must be finite');
  }
}

/** Index of the first NaN or ±Infinity, or -1 (v − v is NaN exactly for those). */
export function firstNonFinite(data: Float64Array): number {
  for (let i = 0; i < data.length; i++) {
    const v = data[i] as number;
    if (v - v !== 0) return i;
  }
  return -1;
}
