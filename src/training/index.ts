export {
  type ModelArtifact,
  predictionColumns,
  readModelArtifact,
  writeModelArtifact,
} from './artifact/index.js';
export { type DataSourceDeps, listSourceFiles, resolveDataSource } from './data-source.js';
export { type LoadedFrame, loadFrame } from './load-frame.js';
export { localModelArtifact } from './local-artifact.js';
export { ModelService, type NewModel } from './model-service.js';
export { loadSparseRows } from './sparse-records.js';
export { PREDICTION_KIND, TRAINING_KIND, TrainingService } from './training-service.js';
