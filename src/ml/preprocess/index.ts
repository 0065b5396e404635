export {
  type FeaturePlan,
  type FitOptions,
  fitPreprocessor,
  fitSparsePreprocessor,
  type Preprocessor,
  type TargetPlan,
  transformFeatures,
  transformTarget,
} from './preprocessor.js';
