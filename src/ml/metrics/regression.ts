/**
 * Regression metrics over Float64Arrays of targets and predictions (sklearn 1.2, single output,
 * no sample weights). Like sklearn they refuse NaN and ±Infinity; the check runs only when a sum
 * comes out non-finite, so the happy path is one pass.
 */
import { checkFinite, checkPair } from './validate.js';

/** float64 machine epsilon: sklearn's MAPE floor for |yTrue|. */
const MAPE_EPSILON = Number.EPSILON;

export function meanSquaredError(yTrue: Float64Array, yPred: Float64Array): number {
  const n = checkPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] as number) - (yPred[i] as number);
    s += d * d;
  }
  return finite(s / n, yTrue, yPred);
}

/** √MSE (sklearn 1.2's `mean_squared_error(squared=False)`). */
export function rootMeanSquaredError(yTrue: Float64Array, yPred: Float64Array): number {
  return Math.sqrt(meanSquaredError(yTrue, yPred));
}

export function meanAbsoluteError(yTrue: Float64Array, yPred: Float64Array): number {
  const n = checkPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.abs((yTrue[i] as number) - (yPred[i] as number));
  return finite(s / n, yTrue, yPred);
}

/**
 * Coefficient of determination, 1 - SS_res / SS_tot, with sklearn's `force_finite` rules: a perfect
 * fit is 1 (even of a constant target), an imperfect fit of a constant target is 0. Fewer than two
 * rows give NaN, as in sklearn (which also warns).
 */
export function r2Score(yTrue: Float64Array, yPred: Float64Array): number {
  const n = checkPair(yTrue, yPred);
  let sum = 0;
  let ssRes = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const d = t - (yPred[i] as number);
    sum += t;
    ssRes += d * d;
  }
  finite(sum + ssRes, yTrue, yPred);
  if (n < 2) return Number.NaN;
  const mean = sum / n;
  let ssTot = 0;
  for (let i = 0; i < n; i++) {
    const d = (yTrue[i] as number) - mean;
    ssTot += d * d;
  }
  if (ssRes === 0) return 1;
  if (ssTot === 0) return 0;
  return 1 - ssRes / ssTot;
}

/**
 * Mean of |yPred - yTrue| / max(|yTrue|, ε) with ε the float64 machine epsilon, as sklearn: a
 * fraction, not a percentage. A zero target therefore gives a huge (but finite) term.
 */
export function meanAbsolutePercentageError(yTrue: Float64Array, yPred: Float64Array): number {
  const n = checkPair(yTrue, yPred);
  let s = 0;
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    s += Math.abs((yPred[i] as number) - t) / Math.max(Math.abs(t), MAPE_EPSILON);
  }
  return finite(s / n, yTrue, yPred);
}

/** Returns v; when it is not finite, throws at the first non-finite input if there is one. */
function finite(v: number, yTrue: Float64Array, yPred: Float64Array): number {
  if (Number.isFinite(v)) return v;
  checkFinite(yTrue, 'yTrue');
  checkFinite(yPred, 'yPred');
  return v; // finite inputs whose squares overflow: Infinity is the honest answer
}
