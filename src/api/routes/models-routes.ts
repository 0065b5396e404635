import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  AlgorithmInfo,
  ErrorBody,
  JobSchema,
  ModelSchema,
  PredictBody,
  ProjectQuery,
  TrainBody,
  TrainResponse,
} from '../../contract/index.js';
import { resourceName } from '../../core/index.js';
import { ALGORITHMS } from '../../ml/index.js';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const NameParams = Type.Object({ name: Type.String() });
const nameOf = (r: FastifyRequest) => (r.params as { name: string }).name;
const modelResource = (r: FastifyRequest) => resourceName(r.project, 'model', nameOf(r));

export async function modelsRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  const tags = ['models'];

  app.get('/api/v1/algorithms', {
    schema: {
      tags,
      summary: 'Built-in algorithms and their hyperparameters',
      response: { 200: Type.Object({ algorithms: Type.Array(AlgorithmInfo) }) },
    },
    handler: async () => ({
      algorithms: [...ALGORITHMS.values()].map((a) => ({
        name: a.name,
        kinds: [...a.kinds],
        description: a.description,
        hyperparameters: a.hyperparameters as Record<string, never>,
      })),
    }),
  });

  app.post('/api/v1/training-jobs', {
    schema: {
      tags,
      summary: 'Train a built-in algorithm (SageMaker CreateTrainingJob)',
      querystring: ProjectQuery,
      body: TrainBody,
      response: { 201: TrainResponse, ...errors },
    },
    config: {
      audit: {
        action: 'training.start',
        resource: (r) => resourceName(r.project, 'model', (r.body as TrainBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) => {
      const result = await kelp.training.train(r.project, r.body as TrainBody, r.principal.id);
      r.auditResource = resourceName(r.project, 'model', result.model);
      return reply.status(201).send(result);
    },
  });

  app.get('/api/v1/models', {
    schema: {
      tags,
      summary: 'Trained models, newest first',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ models: Type.Array(ModelSchema) }) },
    },
    handler: async (r) => ({ models: await kelp.models.list(r.project) }),
  });

  app.get('/api/v1/models/:name', {
    schema: {
      tags,
      summary: 'A model: algorithm, metrics, schema, hyperparameters',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: ModelSchema, ...errors },
    },
    handler: async (r) => kelp.models.get(r.project, nameOf(r)),
  });

  app.delete('/api/v1/models/:name', {
    schema: {
      tags,
      summary: 'Delete a model (refused while something uses it)',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: { audit: { action: 'models.delete', resource: modelResource } },
    handler: async (r, reply) => {
      const model = await kelp.models.delete(r.project, nameOf(r));
      await kelp.objects.delete(model.artifactKey);
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/models/:name/predictions', {
    schema: {
      tags,
      summary: 'Score data with a model into an object (.csv, .jsonl, .parquet): a prediction job',
      params: NameParams,
      querystring: ProjectQuery,
      body: PredictBody,
      response: { 201: JobSchema, ...errors },
    },
    config: { audit: { action: 'models.predict', resource: modelResource } },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(await kelp.training.predict(r.project, nameOf(r), r.body as PredictBody, r.principal.id)),
  });
}
