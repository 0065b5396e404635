/**
 * Ranking metrics from scores: ROC AUC and average precision (PR AUC), binary and one-vs-rest.
 *
 * Both walk the distinct score thresholds from high to low, as sklearn's `_binary_clf_curve` does:
 * tied scores form one threshold, so the ROC curve takes one diagonal step through a tie and the
 * area is the trapezoid rule over distinct thresholds (the Mann-Whitney U with ties counted half).
 * The area is summed in integer counts and divided once, so it is exact up to 2^53 pairs.
 * Average precision is sklearn's uninterpolated sum over thresholds of ΔRecall x Precision.
 */
import { invalidArgument } from '../../core/index.js';
import { checkBinary, checkLabels, checkMatrix, checkNoNaN, checkNumClasses, checkPair } from './validate.js';

export interface BinaryScoreOptions {
  /** The class that `scores` rank (higher = more likely). Default 1. */
  readonly positive?: 0 | 1;
}

export interface OneVsRestOptions {
  /** 'macro' (default): plain mean over classes; 'weighted': weighted by class support. */
  readonly average?: 'macro' | 'weighted';
}

/**
 * Binary ROC AUC. yTrue holds 0/1; scores rank the positive class. Throws when yTrue holds only one
 * class (the area is undefined, as sklearn says).
 */
export function rocAuc(yTrue: Int32Array, scores: Float64Array, options: BinaryScoreOptions = {}): number {
  const positive = options.positive ?? 1;
  checkPair(yTrue, scores, 'yTrue', 'scores');
  checkBinary(yTrue, positive);
  checkNoNaN(scores, 'scores');
  const { pos, neg } = split(scores, yTrue, positive);
  if (pos.length === 0 || neg.length === 0)
    throw invalidArgument(
      `ROC AUC is undefined: yTrue holds only class ${pos.length === 0 ? 1 - positive : positive}`,
      { positives: pos.length, negatives: neg.length },
    );
  return walkThresholds(pos, neg).auc;
}

/**
 * Average precision (area under the precision-recall step curve), as sklearn's
 * `average_precision_score`. With no positive in yTrue it is 0, as in sklearn (which also warns).
 */
export function averagePrecision(
  yTrue: Int32Array,
  scores: Float64Array,
  options: BinaryScoreOptions = {},
): number {
  const positive = options.positive ?? 1;
  checkPair(yTrue, scores, 'yTrue', 'scores');
  checkBinary(yTrue, positive);
  checkNoNaN(scores, 'scores');
  const { pos, neg } = split(scores, yTrue, positive);
  return pos.length === 0 ? 0 : walkThresholds(pos, neg).ap;
}

/**
 * One-vs-rest ROC AUC from a rows x numClasses row-major probability matrix (sklearn's
 * `roc_auc_score(multi_class='ovr')`). Like sklearn it requires every class to occur in yTrue and
 * every row to sum to 1 (within numpy's allclose tolerance).
 */
export function rocAucOvr(
  yTrue: Int32Array,
  probabilities: Float64Array,
  numClasses: number,
  options: OneVsRestOptions = {},
): number {
  const n = checkOvr(yTrue, probabilities, numClasses);
  const support = classSupport(yTrue, numClasses);
  const missing = support.indexOf(0);
  if (missing >= 0)
    throw invalidArgument(`one-vs-rest ROC AUC is undefined: class ${missing} does not occur in yTrue`, {
      class: missing,
    });
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let c = 0; c < numClasses; c++) s += probabilities[i * numClasses + c] as number;
    // numpy.allclose(1, s): |1 - s| <= atol + rtol * |s|
    if (!(Math.abs(1 - s) <= 1e-8 + 1e-5 * Math.abs(s)))
      throw invalidArgument(
        `probabilities row ${i} sums to ${s}, not 1; one-vs-rest AUC needs probabilities`,
        {
          row: i,
          sum: s,
        },
      );
  }
  return oneVsRest(
    yTrue,
    probabilities,
    numClasses,
    support,
    options,
    (pos, neg) => walkThresholds(pos, neg).auc,
  );
}

/**
 * One-vs-rest average precision from a probability matrix: the mean over classes of the binary
 * average precision of column c against (yTrue === c), as sklearn 1.2 computes for a
 * label-binarized yTrue. A class absent from yTrue scores 0 (weight 0 under 'weighted').
 */
export function averagePrecisionOvr(
  yTrue: Int32Array,
  probabilities: Float64Array,
  numClasses: number,
  options: OneVsRestOptions = {},
): number {
  checkOvr(yTrue, probabilities, numClasses);
  const support = classSupport(yTrue, numClasses);
  return oneVsRest(yTrue, probabilities, numClasses, support, options, (pos, neg) =>
    pos.length === 0 ? 0 : walkThresholds(pos, neg).ap,
  );
}

// ---------------------------------------------------------------- internals

/**
 * The scores of rows whose label is `positive`, and of the others, each sorted ascending (native
 * typed-array sort, no comparator). Row i's score is values[i * stride + offset], so one column of a
 * row-major matrix is read in place.
 */
function split(values: Float64Array, yTrue: Int32Array, positive: number, stride = 1, offset = 0) {
  let p = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === positive) p++;
  const pos = new Float64Array(p);
  const neg = new Float64Array(yTrue.length - p);
  let a = 0;
  let b = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const v = values[i * stride + offset] as number;
    if (yTrue[i] === positive) pos[a++] = v;
    else neg[b++] = v;
  }
  return { pos: pos.sort(), neg: neg.sort() };
}

/**
 * One pass over distinct thresholds, highest first. At each threshold dtp positives and dfp
 * negatives join; the ROC trapezoid adds dfp x (tp + dtp / 2) in units of 1 / (P x N), and average
 * precision adds (dtp / P) x tp / (tp + fp). `===` groups -0 with 0, like numpy's diff.
 */
function walkThresholds(pos: Float64Array, neg: Float64Array): { auc: number; ap: number } {
  const P = pos.length;
  const N = neg.length;
  let i = P - 1;
  let j = N - 1;
  let tp = 0;
  let fp = 0;
  let area2 = 0; // twice the area, in pair counts
  let ap = 0;
  while (i >= 0 || j >= 0) {
    const t =
      i < 0 ? (neg[j] as number) : j < 0 ? (pos[i] as number) : Math.max(pos[i] as number, neg[j] as number);
    let dtp = 0;
    while (i >= 0 && pos[i] === t) {
      dtp++;
      i--;
    }
    let dfp = 0;
    while (j >= 0 && neg[j] === t) {
      dfp++;
      j--;
    }
    area2 += dfp * (2 * tp + dtp);
    tp += dtp;
    fp += dfp;
    if (dtp > 0) ap += (dtp / P) * (tp / (tp + fp));
  }
  return { auc: area2 / (2 * P * N), ap };
}

function checkOvr(yTrue: Int32Array, probabilities: Float64Array, numClasses: number): number {
  checkNumClasses(numClasses, 2);
  const n = yTrue.length;
  if (n === 0) throw invalidArgument('yTrue is empty; a metric needs one sample');
  checkMatrix(probabilities, n, numClasses, 'probabilities');
  checkLabels(yTrue, numClasses, 'yTrue');
  checkNoNaN(probabilities, 'probabilities');
  return n;
}

function classSupport(yTrue: Int32Array, numClasses: number): Int32Array {
  const support = new Int32Array(numClasses);
  for (let i = 0; i < yTrue.length; i++) {
    const c = yTrue[i] as number;
    support[c] = (support[c] as number) + 1;
  }
  return support;
}

function oneVsRest(
  yTrue: Int32Array,
  probabilities: Float64Array,
  numClasses: number,
  support: Int32Array,
  options: OneVsRestOptions,
  score: (pos: Float64Array, neg: Float64Array) => number,
): number {
  const average = options.average ?? 'macro';
  if (average !== 'macro' && average !== 'weighted')
    throw invalidArgument(`average must be 'macro' or 'weighted', got '${average}'`);
  let total = 0;
  let weights = 0;
  for (let c = 0; c < numClasses; c++) {
    const { pos, neg } = split(probabilities, yTrue, c, numClasses, c);
    const w = average === 'weighted' ? (support[c] as number) : 1;
    if (w > 0) total += score(pos, neg) * w;
    weights += w;
  }
  return total / weights;
}
