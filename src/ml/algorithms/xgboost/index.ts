export { rocAuc } from './eval-metrics.js';
export { type EvalMetricName, OBJECTIVES, type ObjectiveName } from './objectives.js';
export { binMatrix, computeCuts, type QuantileCuts } from './quantile-cuts.js';
export {
  featureImportance,
  IMPORTANCE_TYPES,
  type ImportanceType,
  type TreeEnsemble,
} from './tree-ensemble.js';
export { predictMargins, type XGBoostState, xgboost } from './xgboost.js';
export { XGBOOST_HYPERPARAMETERS } from './xgboost-config.js';
