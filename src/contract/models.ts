import { type Static, Type } from 'typebox';

import { NAME } from './common.js';
import { JobSchema } from './jobs.js';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

export const HyperparameterSpecSchema = Type.Object({
  type: Type.Union([Type.Literal('int'), Type.Literal('float'), Type.Literal('enum'), Type.Literal('bool')]),
  default: Type.Union([Type.Number(), Type.String(), Type.Boolean()]),
  min: Type.Optional(Type.Number()),
  max: Type.Optional(Type.Number()),
  exclusiveMin: Type.Optional(Type.Boolean()),
  values: Type.Optional(Type.Array(Type.String())),
  description: Type.String(),
});

export const AlgorithmInfo = Type.Object({
  name: Type.String(),
  kinds: Type.Array(Type.String()),
  description: Type.String(),
  hyperparameters: Type.Record(Type.String(), HyperparameterSpecSchema),
});
export type AlgorithmInfo = Static<typeof AlgorithmInfo>;

export const FeatureImportanceSchema = Type.Object({
  type: Type.String({
    description:
      'gain (xgboost), impurity (random-forest: mean decrease), coefficient (linear-learner: |w|·std)',
  }),
  features: Type.Array(Type.Object({ name: Type.String(), importance: Type.Number() }), {
    description: 'largest first, summing to 1',
  }),
});
export type FeatureImportance = Static<typeof FeatureImportanceSchema>;

export const ModelSchema = Type.Object({
  name: Type.String(),
  algorithm: Type.String(),
  kind: Type.String({ description: 'classifier, regressor, clusterer, transformer or anomaly' }),
  artifactKey: Type.String({ description: 'object key of model.tar.gz' }),
  jobId: Nullable(Type.String()),
  jobName: Nullable(Type.String()),
  target: Nullable(Type.String()),
  classes: Type.Array(Type.String()),
  metrics: Type.Record(Type.String(), Type.Number()),
  hyperparameters: Type.Record(Type.String(), Type.Unknown()),
  schema: Type.Array(Type.Object({ name: Type.String(), type: Type.String() })),
  featureImportance: Nullable(FeatureImportanceSchema),
  dataSource: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
});
export type Model = Static<typeof ModelSchema>;

export const TrainBody = Type.Object({
  algorithm: Type.String({ minLength: 1 }),
  data: Type.String({
    minLength: 1,
    description: 'database.table, store://prefix, an object key prefix, or a file/folder on the server',
  }),
  validation: Type.Optional(Type.String({ minLength: 1 })),
  target: Type.Optional(Type.String({ minLength: 1 })),
  hyperparameters: Type.Optional(
    Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()])),
  ),
  name: Type.Optional(Type.String({ pattern: NAME, description: 'model name (default: generated)' })),
  seed: Type.Optional(Type.Integer({ minimum: 0 })),
  maxRuntimeSeconds: Type.Optional(Type.Number({ exclusiveMinimum: 0 })),
});
export type TrainBody = Static<typeof TrainBody>;

export const TrainResponse = Type.Object({ job: JobSchema, model: Type.String() });

export const PredictBody = Type.Object({
  data: Type.String({
    minLength: 1,
    description: 'database.table, store://prefix, object key, or a server file',
  }),
  output: Type.String({
    minLength: 1,
    description: 'object key for the predictions: .csv, .jsonl or .parquet',
  }),
});
export type PredictBody = Static<typeof PredictBody>;
