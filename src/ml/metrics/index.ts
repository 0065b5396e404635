/**
 * Evaluation metrics: pure functions over typed arrays that equal scikit-learn 1.2's to 1e-9
 * (checked against recorded values in test/fixtures/ml/metrics-reference.json).
 *
 * Conventions: class labels are Int32Array indices 0..numClasses-1; scores and targets are
 * Float64Array; a probability matrix is rows x numClasses, row-major, in one Float64Array; feature
 * matrices are `Matrix`. Bad input (length mismatch, out-of-range label, NaN, a metric undefined for
 * the data such as ROC AUC with one class) throws PlatformError `invalid_argument`.
 */
export {
  type Average,
  accuracy,
  balancedAccuracy,
  type ClassScores,
  classScores,
  confusionMatrix,
  f1,
  type PrecisionRecallF1,
  type PrecisionRecallOptions,
  precision,
  precisionRecallF1,
  recall,
} from './classification.js';
export { inertia, type SilhouetteOptions, silhouetteScore } from './clustering.js';
export {
  type CalibrationCurve,
  type CalibrationCurveOptions,
  calibrationCurve,
  type LogLossOptions,
  logLoss,
} from './probabilistic.js';
export {
  averagePrecision,
  averagePrecisionOvr,
  type BinaryScoreOptions,
  type OneVsRestOptions,
  rocAuc,
  rocAucOvr,
} from './ranking.js';
export {
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from './regression.js';
export {
  type ClassificationReport,
  type ClassReport,
  classificationReport,
  type RegressionReport,
  regressionReport,
} from './report.js';
