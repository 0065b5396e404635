/**
 * Metrics of predicted probabilities: log loss and the reliability (calibration) curve.
 */
import { invalidArgument } from '../../core/index.js';
import { checkBinary, checkLabels, checkNoNaN, checkNumClasses, checkPair } from './validate.js';

export interface LogLossOptions {
  /**
   * Probabilities are clipped to [eps, 1 - eps] and each row renormalised to sum 1 before the log.
   * Default: the float64 machine epsilon, sklearn 1.2's eps='auto' (older releases used 1e-15; pass
   * it to reproduce them). The two differ only for probabilities below 1e-15 (or above 1 - 1e-15).
   */
  readonly eps?: number;
}

/**
 * Mean negative log-likelihood of the true class (sklearn's `log_loss` with labels 0..k-1).
 * `probabilities` is rows x numClasses row-major, or, when numClasses = 2, one probability of class 1
 * per row. Rows need not sum to 1: like sklearn 1.2, they are clipped and renormalised.
 */
export function logLoss(
  yTrue: Int32Array,
  probabilities: Float64Array,
  numClasses: number,
  options: LogLossOptions = {},
): number {
  const eps = options.eps ?? Number.EPSILON;
  if (!(eps >= 0 && eps < 0.5)) throw invalidArgument(`eps must be in [0, 0.5), got ${eps}`, { eps });
  checkNumClasses(numClasses, 2);
  const n = yTrue.length;
  if (n === 0) throw invalidArgument('yTrue is empty; a metric needs one sample');
  checkLabels(yTrue, numClasses, 'yTrue');
  checkNoNaN(probabilities, 'probabilities');
  const lo = eps;
  const hi = 1 - eps;
  let loss = 0;
  if (numClasses === 2 && probabilities.length === n) {
    // sklearn clips p first, then builds the columns [1 - p, p] and renormalises them.
    for (let i = 0; i < n; i++) {
      const p = clip(probabilities[i] as number, lo, hi);
      const q = 1 - p;
      loss -= Math.log((yTrue[i] === 1 ? p : q) / (q + p));
    }
    return loss / n;
  }
  if (probabilities.length !== n * numClasses)
    throw invalidArgument(
      `probabilities has ${probabilities.length} values; ${n} rows x ${numClasses} classes need ${n * numClasses}` +
        (numClasses === 2 ? ` (or ${n} probabilities of class 1)` : ''),
      { length: probabilities.length, rows: n, cols: numClasses },
    );
  for (let i = 0; i < n; i++) {
    const o = i * numClasses;
    let sum = 0;
    for (let c = 0; c < numClasses; c++) sum += clip(probabilities[o + c] as number, lo, hi);
    loss -= Math.log(clip(probabilities[o + (yTrue[i] as number)] as number, lo, hi) / sum);
  }
  return loss / n;
}

export interface CalibrationCurveOptions {
  /** Number of equal-width bins over [0, 1]. Default 5, as sklearn. */
  readonly nBins?: number;
  /** The class whose probability is given. Default 1. */
  readonly positive?: 0 | 1;
}

export interface CalibrationCurve {
  /** Per non-empty bin, ascending: the fraction of rows whose true class is the positive one. */
  readonly probTrue: Float64Array;
  /** Per non-empty bin: the mean predicted probability. */
  readonly probPred: Float64Array;
  /** Per non-empty bin: the number of rows. */
  readonly counts: Int32Array;
  /** Per non-empty bin: its index in 0..nBins-1 (bin b covers (b / nBins, (b + 1) / nBins]). */
  readonly bins: Int32Array;
}

/**
 * Reliability diagram data, as sklearn's `calibration_curve(strategy='uniform')`. The bin edges are
 * numpy's `linspace(0, 1, nBins + 1)`, i.e. i x (1 / nBins), and a probability on an inner edge falls
 * in the lower bin (numpy `searchsorted`, side 'left'); 0 goes to the first bin. Empty bins are
 * left out, as in sklearn.
 */
export function calibrationCurve(
  yTrue: Int32Array,
  probabilities: Float64Array,
  options: CalibrationCurveOptions = {},
): CalibrationCurve {
  const nBins = options.nBins ?? 5;
  const positive = options.positive ?? 1;
  if (!Number.isInteger(nBins) || nBins < 1)
    throw invalidArgument(`nBins must be a whole number ≥ 1, got ${nBins}`, { nBins });
  const n = checkPair(yTrue, probabilities, 'yTrue', 'probabilities');
  checkBinary(yTrue, positive);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] as number;
    if (!(p >= 0 && p <= 1))
      throw invalidArgument(`probabilities[${i}] = ${p} is outside [0, 1]`, { index: i, value: p });
  }
  const step = 1 / nBins;
  const inner = new Float64Array(nBins - 1);
  for (let b = 1; b < nBins; b++) inner[b - 1] = b * step;
  const sums = new Float64Array(nBins);
  const trues = new Float64Array(nBins);
  const totals = new Int32Array(nBins);
  for (let i = 0; i < n; i++) {
    const p = probabilities[i] as number;
    const b = searchLeft(inner, p);
    sums[b] = (sums[b] as number) + p;
    if (yTrue[i] === positive) trues[b] = (trues[b] as number) + 1;
    totals[b] = (totals[b] as number) + 1;
  }
  let used = 0;
  for (let b = 0; b < nBins; b++) if ((totals[b] as number) > 0) used++;
  const out = {
    probTrue: new Float64Array(used),
    probPred: new Float64Array(used),
    counts: new Int32Array(used),
    bins: new Int32Array(used),
  };
  for (let b = 0, k = 0; b < nBins; b++) {
    const total = totals[b] as number;
    if (total === 0) continue;
    out.probTrue[k] = (trues[b] as number) / total;
    out.probPred[k] = (sums[b] as number) / total;
    out.counts[k] = total;
    out.bins[k++] = b;
  }
  return out;
}

function clip(v: number, lo: number, hi: number): number {
  return Math.min(Math.max(v, lo), hi); // numpy.clip
}

/** The number of sorted `edges` strictly below v (numpy searchsorted, side 'left'). */
function searchLeft(edges: Float64Array, v: number): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((edges[mid] as number) < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
