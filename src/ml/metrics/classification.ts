/**
 * Label metrics: accuracy, balanced accuracy, confusion matrix, precision / recall / F1. Labels are
 * class indices 0..numClasses-1 in Int32Arrays; every function matches scikit-learn 1.2.
 *
 * Averages follow sklearn's default `labels=None`: 'macro' and 'micro' average over the classes that
 * occur in yTrue or yPred; a class seen in neither is left out (it has no precision or recall to
 * speak of). `perClass` scores all numClasses classes (sklearn with `labels=range(k)`).
 *
 * Division by zero (precision of a class never predicted, recall of a class never seen) gives
 * `zeroDivision`, 0 by default: sklearn's default ('warn') also yields 0. F1 is 2PR / (P + R) on
 * those values and 0 when P + R = 0, as in sklearn 1.2.
 */
import { invalidArgument } from '../../core/index.js';
import { checkLabels, checkNumClasses, checkPair } from './validate.js';

export type Average = 'macro' | 'weighted' | 'micro' | 'binary';

export interface PrecisionRecallOptions {
  /** Default 'macro'. 'binary' scores only `positive` and needs numClasses = 2. */
  readonly average?: Average;
  /** The positive class for average 'binary'. Default 1. */
  readonly positive?: number;
  /** Value used when a ratio divides by zero. Default 0 (sklearn's default). */
  readonly zeroDivision?: 0 | 1;
}

export interface PrecisionRecallF1 {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
}

export interface ClassScores {
  /** One value per class 0..numClasses-1. */
  readonly precision: Float64Array;
  readonly recall: Float64Array;
  readonly f1: Float64Array;
  /** Rows whose true class is c. */
  readonly support: Int32Array;
  /** Rows predicted as c. */
  readonly predicted: Int32Array;
}

/** Fraction of rows where yPred equals yTrue. */
export function accuracy(yTrue: Int32Array, yPred: Int32Array): number {
  const n = checkPair(yTrue, yPred);
  let hits = 0;
  for (let i = 0; i < n; i++) if (yTrue[i] === yPred[i]) hits++;
  return hits / n;
}

/** numClasses x numClasses counts, row = true class, column = predicted class (row-major). */
export function confusionMatrix(yTrue: Int32Array, yPred: Int32Array, numClasses: number): Int32Array {
  const n = checkLabelPair(yTrue, yPred, numClasses);
  const m = new Int32Array(numClasses * numClasses);
  for (let i = 0; i < n; i++) {
    const cell = (yTrue[i] as number) * numClasses + (yPred[i] as number);
    m[cell] = (m[cell] as number) + 1;
  }
  return m;
}

/** Mean recall over the classes present in yTrue (sklearn drops classes only predicted). */
export function balancedAccuracy(yTrue: Int32Array, yPred: Int32Array, numClasses: number): number {
  const { tp, support } = countLabels(yTrue, yPred, numClasses);
  let sum = 0;
  let present = 0;
  for (let c = 0; c < numClasses; c++) {
    const s = support[c] as number;
    if (s === 0) continue;
    sum += (tp[c] as number) / s;
    present++;
  }
  return sum / present;
}

/** Precision, recall and F1 of every class 0..numClasses-1. */
export function classScores(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  options: { readonly zeroDivision?: 0 | 1 } = {},
): ClassScores {
  return scoresFromCounts(countLabels(yTrue, yPred, numClasses), options.zeroDivision ?? 0);
}

/** Averaged precision, recall and F1 (see the module comment for which classes count). */
export function precisionRecallF1(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  options: PrecisionRecallOptions = {},
): PrecisionRecallF1 {
  const average = options.average ?? 'macro';
  const zd = options.zeroDivision ?? 0;
  if (average === 'binary') return binaryScores(yTrue, yPred, numClasses, options.positive ?? 1, zd);
  const counts = countLabels(yTrue, yPred, numClasses);
  if (average === 'micro') {
    // Summed over the present classes, true and predicted counts are both n: P = R = accuracy.
    let tp = 0;
    for (let c = 0; c < numClasses; c++) tp += counts.tp[c] as number;
    const p = divide(tp, yTrue.length, zd);
    return { precision: p, recall: p, f1: fScore(p, p) };
  }
  if (average === 'macro' || average === 'weighted')
    return averageScores(scoresFromCounts(counts, zd), average === 'weighted');
  throw invalidArgument(`average must be one of macro, weighted, micro, binary; got '${average}'`);
}

export function precision(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  options?: PrecisionRecallOptions,
): number {
  return precisionRecallF1(yTrue, yPred, numClasses, options).precision;
}

export function recall(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  options?: PrecisionRecallOptions,
): number {
  return precisionRecallF1(yTrue, yPred, numClasses, options).recall;
}

export function f1(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  options?: PrecisionRecallOptions,
): number {
  return precisionRecallF1(yTrue, yPred, numClasses, options).f1;
}

// ---------------------------------------------------------------- internals

function checkLabelPair(yTrue: Int32Array, yPred: Int32Array, numClasses: number): number {
  const n = checkPair(yTrue, yPred);
  checkNumClasses(numClasses);
  checkLabels(yTrue, numClasses, 'yTrue');
  checkLabels(yPred, numClasses, 'yPred');
  return n;
}

interface LabelCounts {
  readonly tp: Int32Array;
  readonly support: Int32Array;
  readonly predicted: Int32Array;
}

/** Per-class true positives, true counts (support) and predicted counts, in one pass. */
function countLabels(yTrue: Int32Array, yPred: Int32Array, numClasses: number): LabelCounts {
  const n = checkLabelPair(yTrue, yPred, numClasses);
  const tp = new Int32Array(numClasses);
  const support = new Int32Array(numClasses);
  const predicted = new Int32Array(numClasses);
  for (let i = 0; i < n; i++) {
    const t = yTrue[i] as number;
    const p = yPred[i] as number;
    support[t] = (support[t] as number) + 1;
    predicted[p] = (predicted[p] as number) + 1;
    if (t === p) tp[t] = (tp[t] as number) + 1;
  }
  return { tp, support, predicted };
}

function scoresFromCounts({ tp, support, predicted }: LabelCounts, zeroDivision: number): ClassScores {
  const k = tp.length;
  const precision = new Float64Array(k);
  const recall = new Float64Array(k);
  const f1 = new Float64Array(k);
  for (let c = 0; c < k; c++) {
    const t = tp[c] as number;
    const p = divide(t, predicted[c] as number, zeroDivision);
    const r = divide(t, support[c] as number, zeroDivision);
    precision[c] = p;
    recall[c] = r;
    f1[c] = fScore(p, r);
  }
  return { precision, recall, f1, support, predicted };
}

function divide(numerator: number, denominator: number, zeroDivision: number): number {
  return denominator === 0 ? zeroDivision : numerator / denominator;
}

/** sklearn 1.2's F-beta with beta = 1, on precision and recall after zero-division handling. */
function fScore(p: number, r: number): number {
  const denom = p + r;
  return (2 * p * r) / (denom === 0 ? 1 : denom);
}

function averageScores(s: ClassScores, weighted: boolean): PrecisionRecallF1 {
  let p = 0;
  let r = 0;
  let f = 0;
  let w = 0;
  for (let c = 0; c < s.support.length; c++) {
    const support = s.support[c] as number;
    if (support === 0 && (s.predicted[c] as number) === 0) continue; // absent from both
    const weight = weighted ? support : 1;
    p += (s.precision[c] as number) * weight;
    r += (s.recall[c] as number) * weight;
    f += (s.f1[c] as number) * weight;
    w += weight;
  }
  // w > 0: there is at least one row, so one present class with support.
  return { precision: p / w, recall: r / w, f1: f / w };
}

function binaryScores(
  yTrue: Int32Array,
  yPred: Int32Array,
  numClasses: number,
  positive: number,
  zeroDivision: 0 | 1,
): PrecisionRecallF1 {
  if (numClasses !== 2)
    throw invalidArgument(
      `average 'binary' needs numClasses = 2, got ${numClasses}; use 'macro', 'weighted' or classScores`,
      { numClasses },
    );
  if (positive !== 0 && positive !== 1)
    throw invalidArgument(`positive must be 0 or 1, got ${positive}`, { positive });
  const s = scoresFromCounts(countLabels(yTrue, yPred, 2), zeroDivision);
  return {
    precision: s.precision[positive] as number,
    recall: s.recall[positive] as number,
    f1: s.f1[positive] as number,
  };
}
