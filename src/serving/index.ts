export { type EndpointDeps, EndpointService, type Invocation } from './endpoint-service.js';
export { Predictor } from './predictor.js';
