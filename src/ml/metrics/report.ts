/**
 * Summaries that training jobs record: plain JSON values (numbers, strings, arrays), computed with
 * the metric functions of this folder.
 */
import { invalidArgument } from '../../core/index.js';
import {
  accuracy,
  balancedAccuracy,
  classScores,
  confusionMatrix,
  type PrecisionRecallF1,
  precisionRecallF1,
} from './classification.js';
import { logLoss } from './probabilistic.js';
import { averagePrecision, averagePrecisionOvr, rocAuc, rocAucOvr } from './ranking.js';
import { meanAbsoluteError, meanAbsolutePercentageError, meanSquaredError, r2Score } from './regression.js';

export interface ClassReport extends PrecisionRecallF1 {
  readonly class: string;
  /** Rows whose true class is this one. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly kind: 'classification';
  readonly samples: number;
  readonly accuracy: number;
  readonly balancedAccuracy: number;
  /** Averages over the classes present in yTrue or yPred (sklearn's default); zero division = 0. */
  readonly macro: PrecisionRecallF1;
  readonly weighted: PrecisionRecallF1;
  readonly perClass: readonly ClassReport[];
  /** Row = true class, column = predicted class, in `classes` order. */
  readonly confusionMatrix: readonly (readonly number[])[];
  /** Only with probabilities. */
  readonly logLoss?: number;
  /**
   * Only with probabilities. Two classes: ROC AUC of class 1's probability; more: one-vs-rest macro.
   * null when undefined: a class never occurs in yTrue.
   */
  readonly rocAuc?: number | null;
  /** Only with probabilities. Two classes: of class 1; more: one-vs-rest macro. */
  readonly averagePrecision?: number;
}

export interface RegressionReport {
  readonly kind: 'regression';
  readonly samples: number;
  readonly mse: number;
  readonly rmse: number;
  readonly mae: number;
  /** NaN (null in JSON) for a single row. */
  readonly r2: number;
  /** A fraction, not a percentage. */
  readonly mape: number;
}

/**
 * The main classification figures. `probabilities` is rows x classes row-major (or, for two
 * classes, one probability of class 1 per row); pass undefined when the model gives none.
 */
export function classificationReport(
  yTrue: Int32Array,
  yPred: Int32Array,
  probabilities: Float64Array | undefined,
  classes: readonly string[],
): ClassificationReport {
  const k = classes.length;
  if (k === 0) throw invalidArgument('classes is empty');
  const scores = classScores(yTrue, yPred, k);
  const cm = confusionMatrix(yTrue, yPred, k);
  const report: ClassificationReport = {
    kind: 'classification',
    samples: yTrue.length,
    accuracy: accuracy(yTrue, yPred),
    balancedAccuracy: balancedAccuracy(yTrue, yPred, k),
    macro: precisionRecallF1(yTrue, yPred, k, { average: 'macro' }),
    weighted: precisionRecallF1(yTrue, yPred, k, { average: 'weighted' }),
    perClass: classes.map((name, c) => ({
      class: name,
      precision: scores.precision[c] as number,
      recall: scores.recall[c] as number,
      f1: scores.f1[c] as number,
      support: scores.support[c] as number,
    })),
    confusionMatrix: classes.map((_, r) => Array.from(cm.subarray(r * k, (r + 1) * k))),
  };
  return probabilities === undefined ? report : { ...report, ...probabilityFigures(yTrue, probabilities, k) };
}

function probabilityFigures(yTrue: Int32Array, probabilities: Float64Array, k: number) {
  const loss = logLoss(yTrue, probabilities, k);
  if (k === 2) {
    const p1 =
      probabilities.length === yTrue.length ? probabilities : column(probabilities, yTrue.length, 2, 1);
    const bothClasses = yTrue.includes(0) && yTrue.includes(1);
    return {
      logLoss: loss,
      rocAuc: bothClasses ? rocAuc(yTrue, p1) : null,
      averagePrecision: averagePrecision(yTrue, p1),
    };
  }
  const seen = new Uint8Array(k);
  for (let i = 0; i < yTrue.length; i++) seen[yTrue[i] as number] = 1;
  return {
    logLoss: loss,
    rocAuc: seen.includes(0) ? null : rocAucOvr(yTrue, probabilities, k),
    averagePrecision: averagePrecisionOvr(yTrue, probabilities, k),
  };
}

function column(m: Float64Array, rows: number, cols: number, c: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) out[i] = m[i * cols + c] as number;
  return out;
}

/** The main regression figures. */
export function regressionReport(yTrue: Float64Array, yPred: Float64Array): RegressionReport {
  const mse = meanSquaredError(yTrue, yPred);
  return {
    kind: 'regression',
    samples: yTrue.length,
    mse,
    rmse: Math.sqrt(mse),
    mae: meanAbsoluteError(yTrue, yPred),
    r2: r2Score(yTrue, yPred),
    mape: meanAbsolutePercentageError(yTrue, yPred),
  };
}
