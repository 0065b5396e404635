export {
  type FeaturePlan,
  type FitOptions,
  fitPreprocessor,
  type Preprocessor,
  type TargetPlan,
  transformFeatures,
  transformTarget,
} from './preprocessor.js';
