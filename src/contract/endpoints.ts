import { type Static, Type } from 'typebox';

import { NAME } from './common.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** One production variant of an endpoint config (SageMaker's ProductionVariant). */
export const VariantSchema = Type.Object({
  name: Type.String({ pattern: NAME, description: 'variant name, e.g. AllTraffic' }),
  model: Type.String({ pattern: NAME }),
  initialWeight: Type.Number({
    minimum: 0,
    default: 1,
    description: 'share of traffic, relative to the others',
  }),
  workers: Type.Integer({
    minimum: 1,
    maximum: 64,
    default: 1,
    description: 'worker threads serving this variant (InitialInstanceCount)',
  }),
  mode: Type.Optional(
    Type.Union([Type.Literal('SingleModel'), Type.Literal('MultiModel')], {
      default: 'SingleModel',
      description:
        'MultiModel: any model of the project, named per request in X-Amzn-SageMaker-Target-Model (default: `model`), loaded on first use',
    }),
  ),
  maxModels: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 10,
      description: 'MultiModel: models kept loaded per worker (LRU)',
    }),
  ),
  autoScaling: Type.Optional(
    Type.Object(
      {
        minWorkers: Type.Integer({ minimum: 1, maximum: 64 }),
        maxWorkers: Type.Integer({ minimum: 1, maximum: 64 }),
        targetInFlightPerWorker: Type.Number({ exclusiveMinimum: 0, default: 2 }),
        scaleOutCooldownSeconds: Type.Number({ minimum: 0, default: 5 }),
        scaleInCooldownSeconds: Type.Number({ minimum: 0, default: 60 }),
      },
      { description: 'target tracking on requests in flight per worker, between minWorkers and maxWorkers' },
    ),
  ),
});
export type Variant = Static<typeof VariantSchema>;

/** SageMaker's DataCaptureConfig: what to record of live traffic, and where. */
export const DataCaptureSchema = Type.Object({
  enabled: Type.Boolean({ default: true }),
  samplingPercentage: Type.Number({ minimum: 0, maximum: 100, default: 100 }),
  destination: Type.String({
    minLength: 1,
    description: 'object key prefix; records land under <prefix>/<endpoint>/<variant>/yyyy/mm/dd/hh/',
  }),
  capture: Type.Array(Type.Union([Type.Literal('Input'), Type.Literal('Output')]), {
    minItems: 1,
    default: ['Input', 'Output'],
  }),
});
export type DataCapture = Static<typeof DataCaptureSchema>;

export const CreateEndpointConfigBody = Type.Object({
  name: Type.String({ pattern: NAME }),
  variants: Type.Array(VariantSchema, { minItems: 1, maxItems: 10 }),
  shadowVariants: Type.Optional(
    Type.Array(VariantSchema, {
      maxItems: 1,
      description: 'gets a copy of every request; its responses are captured, never returned',
    }),
  ),
  dataCapture: Type.Optional(DataCaptureSchema),
});
export type CreateEndpointConfigBody = Static<typeof CreateEndpointConfigBody>;

export const EndpointConfigSchema = Type.Object({
  name: Type.String(),
  variants: Type.Array(VariantSchema),
  shadowVariants: Type.Array(VariantSchema),
  dataCapture: Nullable(DataCaptureSchema),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type EndpointConfig = Static<typeof EndpointConfigSchema>;

export const ENDPOINT_STATES = ['Creating', 'InService', 'Updating', 'Failed', 'Deleting'] as const;
export type EndpointState = (typeof ENDPOINT_STATES)[number];

/** A variant as it runs: the config's values plus live counters. */
export const VariantStatusSchema = Type.Object({
  name: Type.String(),
  model: Type.String(),
  weight: Type.Number(),
  workers: Type.Integer(),
  /** Workers loaded and serving (fewer while one restarts after a crash). */
  readyWorkers: Type.Integer(),
  invocations: Type.Integer(),
  errors: Type.Integer(),
  shadow: Type.Boolean(),
});
export type VariantStatus = Static<typeof VariantStatusSchema>;

export const EndpointSchema = Type.Object({
  name: Type.String(),
  config: Type.String(),
  status: Type.Union([
    Type.Literal('Creating'),
    Type.Literal('InService'),
    Type.Literal('Updating'),
    Type.Literal('Failed'),
    Type.Literal('Deleting'),
  ]),
  failureReason: Nullable(Type.String()),
  variants: Type.Array(VariantStatusSchema, { description: 'empty unless a server process serves it' }),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type Endpoint = Static<typeof EndpointSchema>;

export const CreateEndpointBody = Type.Object({
  name: Type.String({ pattern: NAME }),
  config: Type.String({ pattern: NAME }),
});
export type CreateEndpointBody = Static<typeof CreateEndpointBody>;

export const UpdateEndpointBody = Type.Object({
  config: Type.String({ pattern: NAME, description: 'the endpoint config to switch to, without downtime' }),
});
export type UpdateEndpointBody = Static<typeof UpdateEndpointBody>;

/** SageMaker runtime's limit on an invocation payload. */
export const MAX_INVOCATION_BYTES = 6 * 1024 * 1024;

export { INVOCATION_CONTENT_TYPES, RESPONSE_CONTENT_TYPES } from './media-types/index.js';

/** One time bucket of a variant's traffic. */
export const EndpointMetricPointSchema = Type.Object({
  /** Start of the bucket (epoch milliseconds). */
  t: Type.Number(),
  invocations: Type.Integer(),
  errors: Type.Integer(),
  /** Latency percentiles in milliseconds (null when the bucket had no requests). */
  p50: Nullable(Type.Number()),
  p95: Nullable(Type.Number()),
  p99: Nullable(Type.Number()),
});
export type EndpointMetricPoint = Static<typeof EndpointMetricPointSchema>;

export const EndpointMetricsSchema = Type.Object({
  bucketSeconds: Type.Number(),
  variants: Type.Array(Type.Object({ name: Type.String(), points: Type.Array(EndpointMetricPointSchema) })),
});
export type EndpointMetrics = Static<typeof EndpointMetricsSchema>;

/** Registers an ONNX model brought from elsewhere, uploaded first as an object. */
export const ImportModelBody = Type.Object({
  name: Type.String({ pattern: NAME }),
  object: Type.String({ minLength: 1, description: 'object key of the .onnx file' }),
  classes: Type.Optional(
    Type.Array(Type.String(), { description: 'class names, in the order of the probabilities output' }),
  ),
});
export type ImportModelBody = Static<typeof ImportModelBody>;

/** An ONNX export job (SageMaker Neo's CreateCompilationJob). */
export const CompileBody = Type.Object({
  model: Type.String({ pattern: NAME }),
  target: Type.Optional(
    Type.Union([Type.Literal('onnx'), Type.Literal('onnx-web')], {
      default: 'onnx',
      description: 'onnx (ONNX Runtime) or onnx-web (onnxruntime-web, in a browser)',
    }),
  ),
});
export type CompileBody = Static<typeof CompileBody>;

/** A batch transform job (SageMaker's CreateTransformJob), scoring every object under an input. */
export const TransformBody = Type.Object({
  model: Type.String({ pattern: NAME }),
  input: Type.String({
    minLength: 1,
    description: 'store://prefix, an object key or prefix, or database.table',
  }),
  output: Type.String({
    minLength: 1,
    description: 'object key prefix: one <input name>.out per input object',
  }),
  name: Type.Optional(Type.String({ pattern: NAME, description: 'job name (default: generated)' })),
  contentType: Type.Optional(
    Type.Union(
      [Type.Literal('text/csv'), Type.Literal('application/json'), Type.Literal('application/jsonlines')],
      {
        default: 'text/csv',
      },
    ),
  ),
  accept: Type.Optional(
    Type.Union(
      [
        Type.Literal('text/csv'),
        Type.Literal('application/json'),
        Type.Literal('application/jsonlines'),
        Type.Literal('application/x-recordio-protobuf'),
      ],
      {
        description:
          'result type (default: the content type; JSON lines for RecordIO input). RecordIO results are concatenated records, without line ends, and take no outputFilter or joinSource Input',
      },
    ),
  ),
  splitType: Type.Optional(
    Type.Union([Type.Literal('Line'), Type.Literal('RecordIO'), Type.Literal('None')], { default: 'Line' }),
  ),
  batchStrategy: Type.Optional(
    Type.Union([Type.Literal('MultiRecord'), Type.Literal('SingleRecord')], { default: 'MultiRecord' }),
  ),
  maxPayloadMB: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 100, default: 6 })),
  assembleWith: Type.Optional(Type.Union([Type.Literal('Line'), Type.Literal('None')], { default: 'Line' })),
  inputFilter: Type.Optional(
    Type.String({ description: 'JSONPath subset applied to each record before the model' }),
  ),
  outputFilter: Type.Optional(
    Type.String({ description: 'JSONPath subset applied to each (joined) result' }),
  ),
  joinSource: Type.Optional(Type.Union([Type.Literal('None'), Type.Literal('Input')], { default: 'None' })),
  workers: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 64, description: 'model worker threads (default: cores)' }),
  ),
});
export type TransformBody = Static<typeof TransformBody>;
