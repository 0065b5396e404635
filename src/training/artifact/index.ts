/**
 * The model artifact (model.tar.gz) and the columns a model's predictions become: the light part of
 * training, which model worker threads load without the job and storage machinery.
 */
export {
  decodeTyped,
  encodeTyped,
  MODEL_FORMAT,
  type ModelArtifact,
  readModelArtifact,
  writeModelArtifact,
} from './model-artifact.js';
export { predictionColumns } from './prediction-columns.js';
