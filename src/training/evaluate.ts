import { type AlgorithmKind, classificationReport, type Predictions, regressionReport } from '../ml/index.js';

/**
 * The headline figures of a trained model on labelled rows, flat (`accuracy`, `f1_macro`, `auc`,
 * `logloss`, `rmse`, `r2`, ...), as the job records them and the model page shows them.
 */
export function evaluate(
  kind: AlgorithmKind,
  predictions: Predictions,
  y: Float64Array,
  classes: readonly string[] | undefined,
): Record<string, number> {
  if (kind === 'classifier' && predictions.labels && classes) {
    const report = classificationReport(
      Int32Array.from(y),
      predictions.labels,
      predictions.scores?.data,
      classes,
    );
    return {
      accuracy: report.accuracy,
      balanced_accuracy: report.balancedAccuracy,
      precision_macro: report.macro.precision,
      recall_macro: report.macro.recall,
      f1_macro: report.macro.f1,
      f1_weighted: report.weighted.f1,
      ...(report.logLoss !== undefined ? { logloss: report.logLoss } : {}),
      ...(typeof report.rocAuc === 'number' ? { auc: report.rocAuc } : {}),
    };
  }
  if (kind === 'regressor' && predictions.values) {
    const report = regressionReport(y, predictions.values);
    return { mse: report.mse, rmse: report.rmse, mae: report.mae, r2: report.r2, mape: report.mape };
  }
  return {};
}
