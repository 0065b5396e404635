export { type EndpointDeps, EndpointService, type Invocation } from './endpoint-service.js';
export { Predictor } from './predictor.js';
export {
  TRANSFORM_KIND,
  type TransformDeps,
  type TransformResult,
  TransformService,
} from './transform-service.js';
