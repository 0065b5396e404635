export { type EndpointDeps, EndpointService, type Invocation } from './endpoint-service.js';
export { importOnnxModel } from './import-onnx.js';
export { Predictor } from './predictor.js';
export {
  TRANSFORM_KIND,
  type TransformDeps,
  type TransformResult,
  TransformService,
} from './transform-service.js';
