export {
  configNameFor,
  type DeploymentErrors,
  type DeploymentInput,
  deploymentErrors,
  hasErrors,
  MAX_VARIANTS,
  MAX_WORKERS,
  NAME_HINT,
  newVariant,
  toVariants,
  type VariantErrors,
  type VariantInput,
} from './deployment.js';
export {
  BUSY_STATES,
  type Deployment,
  type Endpoint,
  type EndpointConfig,
  type EndpointMetrics,
  type EndpointState,
  endpointsApi,
  type InvocationResult,
  isServing,
  type VariantStatus,
} from './endpoints-api.js';
export {
  endpointKeys,
  useDeleteEndpoint,
  useDeployEndpoint,
  useEndpoint,
  useEndpointConfig,
  useEndpointConfigs,
  useEndpointMetrics,
  useEndpoints,
  useInvokeEndpoint,
} from './hooks.js';
export { CONTENT_TYPES, type ContentType, exampleBody, featureColumns, isContentType } from './invocation.js';
export {
  describeTraffic,
  type TimeSeries,
  TRAFFIC_WINDOW_SECONDS,
  type TrafficSeries,
  trafficSeries,
  trafficTotals,
  type VariantTraffic,
} from './traffic.js';
