import { invalidArgument } from '../../../core/index.js';
import { crossDots } from '../../kernels/cross-dots.js';
import { createYieldPoint } from '../../kernels/yield-point.js';
import { columnMeans, type Matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { firstNonFinite } from '../kmeans/kmeans-fit.js';
import { type ApplyScatter, randomizedEigen } from './randomized.js';
import { addCovarianceTimes, addScatter, mirrorUpper } from './scatter.js';
import { type Eigen, symmetricEigen } from './symmetric-eigen.js';

/** SageMaker's algorithm_mode values. */
export type PcaMode = 'regular' | 'randomized';

export interface PcaOptions {
  readonly numComponents: number;
  /** 'regular' (default): exact, from the d × d covariance; 'randomized': Halko et al. */
  readonly mode?: PcaMode;
  /** Centre the data (default true); false gives the top right singular vectors of X itself. */
  readonly subtractMean?: boolean;
  /** Randomized: extra directions carried along (default 10, scikit-learn's n_oversamples). */
  readonly extraComponents?: number;
  /** Randomized: power iterations; 'auto' (default) is 7 if components < 0.1·min(n, d), else 4. */
  readonly powerIterations?: number | 'auto';
  /**
   * Randomized: how C·V is applied. 'data' reads X twice per application (2·n·d·l multiply-adds);
   * 'gram' forms C = X̃ᵀX̃ once (n·d²/2) and multiplies by it. Same subspace, same answer to
   * rounding. 'auto' (default) picks the cheaper: gram when d + 1 ≤ 4·l·(q + 1).
   */
  readonly operator?: 'auto' | 'gram' | 'data';
  readonly seed?: number;
  readonly signal?: AbortSignal;
}

export interface PcaResult {
  /** Column means subtracted (zeros when subtractMean is false). */
  readonly mean: Float64Array;
  /** k × d, one unit-length component per row, largest variance first. */
  readonly components: Matrix;
  /** Variance along each component (ddof = 1, as scikit-learn). */
  readonly explainedVariance: Float64Array;
  /** explainedVariance / total variance (ddof = 1); 0 when the data are constant. */
  readonly explainedVarianceRatio: Float64Array;
  /** Singular values of the centred data for each component. */
  readonly singularValues: Float64Array;
  /** Mean variance of the directions left out (scikit-learn's noise_variance_). */
  readonly noiseVariance: number;
}

/** Rows per slice between checkpoints (abort checks and event-loop turns). */
const SLICE = 65_536;

/**
 * Principal component analysis of the rows of x. Same options and seed, same result. Signs: each
 * component's largest-magnitude loading is made positive (scikit-learn ≥ 1.5's convention; 1.2
 * flips by the scores instead, so compare its components up to sign). Throws invalid_argument for
 * numComponents outside 1..min(rows, cols) or non-finite values; cancelled when `signal` fires.
 */
export async function pcaFit(x: Matrix, options: PcaOptions): Promise<PcaResult> {
  const { rows: n, cols: d, data } = x;
  const k = options.numComponents;
  validate(x, k);
  const mean = options.subtractMean === false ? new Float64Array(d) : columnMeans(x);
  const checkpoint = createYieldPoint('PCA training', options.signal);
  const overRows = async (kernel: (start: number, end: number) => void) => {
    for (let start = 0; start < n; start += SLICE) {
      await checkpoint();
      kernel(start, Math.min(n, start + SLICE));
    }
  };
  const scatter = async () => {
    const c = new Float64Array(d * d);
    await overRows((start, end) => addScatter(data, d, mean, start, end, c));
    mirrorUpper(c, d);
    return c;
  };

  let eigen: Eigen;
  let total: number;
  if (options.mode !== 'randomized') {
    const c = await scatter();
    total = trace(c, d);
    eigen = symmetricEigen(c, d);
  } else {
    const l = Math.min(d, k + (options.extraComponents ?? 10));
    const auto = options.powerIterations ?? 'auto';
    const q = auto === 'auto' ? (k < 0.1 * Math.min(n, d) ? 7 : 4) : auto;
    const operator = options.operator ?? 'auto';
    const gram = operator === 'gram' || (operator === 'auto' && d + 1 <= 4 * l * (q + 1));
    let apply: ApplyScatter;
    if (gram) {
      const c = await scatter();
      total = trace(c, d);
      apply = async (v, rows) => {
        const z = new Float64Array(rows * d);
        crossDots(v, rows, c, d, d, z);
        return z;
      };
    } else {
      total = 0;
      await overRows((start, end) => {
        total += sumOfSquares(data, d, mean, start, end);
      });
      apply = async (v, rows) => {
        const z = new Float64Array(rows * d);
        await overRows((start, end) => addCovarianceTimes(data, d, mean, start, end, v, rows, z));
        return z;
      };
    }
    eigen = await randomizedEigen(apply, d, l, q, new Random(options.seed ?? 0));
  }
  return summarize(eigen, k, n, d, total, mean);
}

/** The first k eigenpairs as a PCA result, with signs fixed and variances scaled by n − 1. */
function summarize(
  eigen: Eigen,
  k: number,
  n: number,
  d: number,
  total: number,
  mean: Float64Array,
): PcaResult {
  const dof = Math.max(1, n - 1);
  const components = new Float64Array(k * d);
  const explainedVariance = new Float64Array(k);
  const explainedVarianceRatio = new Float64Array(k);
  const singularValues = new Float64Array(k);
  let kept = 0;
  for (let j = 0; j < k; j++) {
    const row = eigen.vectors.subarray(j * d, (j + 1) * d);
    let largest = 0;
    for (let a = 1; a < d; a++)
      if (Math.abs(row[a] as number) > Math.abs(row[largest] as number)) largest = a;
    const sign = (row[largest] as number) < 0 ? -1 : 1;
    for (let a = 0; a < d; a++) components[j * d + a] = sign * (row[a] as number);
    const value = Math.max(0, eigen.values[j] as number);
    singularValues[j] = Math.sqrt(value);
    explainedVariance[j] = value / dof;
    explainedVarianceRatio[j] = total > 0 ? value / total : 0;
    kept += value;
  }
  const left = Math.min(n, d) - k;
  return {
    mean,
    components: { rows: k, cols: d, data: components },
    explainedVariance,
    explainedVarianceRatio,
    singularValues,
    noiseVariance: left > 0 ? Math.max(0, total - kept) / dof / left : 0,
  };
}

function trace(c: Float64Array, d: number): number {
  let s = 0;
  for (let a = 0; a < d; a++) s += c[a * d + a] as number;
  return s;
}

function sumOfSquares(x: Float64Array, d: number, mean: Float64Array, start: number, end: number): number {
  let s = 0;
  for (let i = start; i < end; i++) {
    for (let a = 0, o = i * d; a < d; a++) {
      const v = (x[o + a] as number) - (mean[a] as number);
      s += v * v;
    }
  }
  return s;
}

function validate(x: Matrix, k: number): void {
  const { rows: n, cols: d, data } = x;
  if (n === 0 || d === 0) throw invalidArgument(`PCA needs at least one row and one column, got ${n}x${d}`);
  const most = Math.min(n, d);
  if (!Number.isInteger(k) || k < 1 || k > most) {
    throw invalidArgument(
      `PCA: num_components must be a whole number in 1..${most} (the smaller of rows and columns), got ${k}`,
      { num_components: k },
    );
  }
  const bad = firstNonFinite(data);
  if (bad >= 0) {
    throw invalidArgument(
      `PCA: value at row ${Math.floor(bad / d)}, column ${bad % d} is ${data[bad]}; impute or drop missing values first`,
      { row: Math.floor(bad / d), column: bad % d },
    );
  }
}
