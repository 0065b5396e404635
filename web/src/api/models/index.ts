export {
  modelKeys,
  useAlgorithms,
  useCompileModel,
  useDeleteModel,
  useModel,
  useModels,
  useScoreWithModel,
  useTrainingNow,
  useTrainModel,
} from './hooks.js';
export {
  changedHyperparameters,
  defaultInput,
  defaultInputs,
  describeRange,
  type HyperparameterInput,
  type HyperparameterSpec,
  hyperparameterError,
  inputStep,
  isChanged,
} from './hyperparameters.js';
export { formatMetric, headlineMetrics, type MetricsTable, metricsTable } from './metrics.js';
export {
  type AlgorithmInfo,
  type Model,
  modelsApi,
  PREDICTION_FORMATS,
  type PredictBody,
  type PredictionFormat,
  type TrainBody,
} from './models-api.js';
