export type {
  Algorithm,
  AlgorithmKind,
  FeatureImportanceValues,
  HyperparameterSpec,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from './algorithm.js';
export { ALGORITHMS, type ForestBoxes, forestBoxes, getAlgorithm } from './algorithms/index.js';
export { parseHyperparameters } from './hyperparameters.js';
export {
  columnMeans,
  dot,
  type Features,
  fromRows,
  isSparse,
  type Matrix,
  matrix,
  row,
  type SparseMatrix,
  takeRows,
  toDense,
  toSparse,
} from './matrix.js';
export {
  type ClassificationReport,
  classificationReport,
  type RegressionReport,
  regressionReport,
} from './metrics/index.js';
export {
  type FeaturePlan,
  fitPreprocessor,
  fitSparsePreprocessor,
  type Preprocessor,
  type TargetPlan,
  transformFeatures,
  transformTarget,
} from './preprocess/index.js';
export { Random } from './random.js';
