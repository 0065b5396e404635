export type {
  Algorithm,
  AlgorithmKind,
  HyperparameterSpec,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from './algorithm.js';
export { parseHyperparameters } from './hyperparameters.js';
export { columnMeans, dot, fromRows, type Matrix, matrix, row, takeRows } from './matrix.js';
export { Random } from './random.js';
