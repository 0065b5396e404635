import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  CompileBody,
  CreateEndpointBody,
  CreateEndpointConfigBody,
  EndpointConfigSchema,
  EndpointMetricsSchema,
  EndpointSchema,
  ErrorBody,
  ImportModelBody,
  JobSchema,
  MAX_INVOCATION_BYTES,
  ModelSchema,
  ProjectQuery,
  TransformBody,
  UpdateEndpointBody,
} from '../../contract/index.js';
import { resourceName } from '../../core/index.js';
import { importOnnxModel } from '../../serving/index.js';

const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const NameParams = Type.Object({ name: Type.String() });
const nameOf = (r: FastifyRequest) => (r.params as { name: string }).name;
const endpointResource = (r: FastifyRequest) => resourceName(r.project, 'endpoint', nameOf(r));
const configResource = (r: FastifyRequest) => resourceName(r.project, 'endpoint-config', nameOf(r));

/** Endpoint configs and endpoints: the control plane (SageMaker's CreateEndpointConfig, CreateEndpoint, ...). */
export async function endpointsRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  const tags = ['endpoints'];
  const svc = kelp.endpoints;

  app.post('/api/v1/endpoint-configs', {
    schema: {
      tags,
      summary: 'Create an endpoint config: production variants over models',
      querystring: ProjectQuery,
      body: CreateEndpointConfigBody,
      response: { 201: EndpointConfigSchema, ...errors },
    },
    config: {
      audit: {
        action: 'endpoint-configs.create',
        resource: (r) =>
          resourceName(r.project, 'endpoint-config', (r.body as CreateEndpointConfigBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(await svc.configs.create(r.project, r.body as CreateEndpointConfigBody, r.principal.id)),
  });

  app.get('/api/v1/endpoint-configs', {
    schema: {
      tags,
      summary: 'Endpoint configs, newest first',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ endpointConfigs: Type.Array(EndpointConfigSchema) }) },
    },
    handler: async (r) => ({ endpointConfigs: await svc.configs.list(r.project) }),
  });

  app.get('/api/v1/endpoint-configs/:name', {
    schema: {
      tags,
      summary: 'An endpoint config',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: EndpointConfigSchema, ...errors },
    },
    handler: async (r) => svc.configs.get(r.project, nameOf(r)),
  });

  app.delete('/api/v1/endpoint-configs/:name', {
    schema: {
      tags,
      summary: 'Delete an endpoint config (refused while an endpoint uses it)',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: { audit: { action: 'endpoint-configs.delete', resource: configResource } },
    handler: async (r, reply) => {
      await svc.configs.delete(r.project, nameOf(r));
      return reply.status(204).send();
    },
  });

  app.post('/api/v1/endpoints', {
    schema: {
      tags,
      summary: 'Create an endpoint from a config; it is Creating until every variant is warm, then InService',
      querystring: ProjectQuery,
      body: CreateEndpointBody,
      response: { 201: EndpointSchema, ...errors },
    },
    config: {
      audit: {
        action: 'endpoints.create',
        resource: (r) => resourceName(r.project, 'endpoint', (r.body as CreateEndpointBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply.status(201).send(await svc.create(r.project, r.body as CreateEndpointBody, r.principal.id)),
  });

  app.get('/api/v1/endpoints', {
    schema: {
      tags,
      summary: 'Endpoints, newest first',
      querystring: ProjectQuery,
      response: { 200: Type.Object({ endpoints: Type.Array(EndpointSchema) }) },
    },
    handler: async (r) => ({ endpoints: await svc.list(r.project) }),
  });

  app.get('/api/v1/endpoints/:name', {
    schema: {
      tags,
      summary: 'An endpoint: status, config and live variant counters',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: EndpointSchema, ...errors },
    },
    handler: async (r) => svc.get(r.project, nameOf(r)),
  });

  app.get('/api/v1/endpoints/:name/metrics', {
    schema: {
      tags,
      summary: 'Per variant: invocations, errors and latency p50/p95/p99 in 5-second buckets',
      params: NameParams,
      querystring: Type.Intersect([
        ProjectQuery,
        Type.Object({ seconds: Type.Optional(Type.Integer({ minimum: 5, maximum: 600, default: 300 })) }),
      ]),
      response: { 200: EndpointMetricsSchema, ...errors },
    },
    handler: async (r) => svc.metrics(r.project, nameOf(r), (r.query as { seconds?: number }).seconds ?? 300),
  });

  app.put('/api/v1/endpoints/:name', {
    schema: {
      tags,
      summary: 'Switch an endpoint to another config without downtime (UpdateEndpoint)',
      params: NameParams,
      querystring: ProjectQuery,
      body: UpdateEndpointBody,
      response: { 200: EndpointSchema, ...errors },
    },
    config: { audit: { action: 'endpoints.update', resource: endpointResource } },
    handler: async (r) => svc.update(r.project, nameOf(r), (r.body as UpdateEndpointBody).config),
  });

  app.delete('/api/v1/endpoints/:name', {
    schema: {
      tags,
      summary: 'Delete an endpoint (its workers drain first)',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 204: Type.Null(), ...errors },
    },
    config: { audit: { action: 'endpoints.delete', resource: endpointResource } },
    handler: async (r, reply) => {
      await svc.delete(r.project, nameOf(r));
      return reply.status(204).send();
    },
  });
}

export async function transformRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  app.post('/api/v1/models/import', {
    schema: {
      tags: ['models'],
      summary: 'Register an ONNX model brought from elsewhere (uploaded first as an object)',
      querystring: ProjectQuery,
      body: ImportModelBody,
      response: { 201: ModelSchema, ...errors },
    },
    config: {
      audit: {
        action: 'models.import',
        resource: (r) => resourceName(r.project, 'model', (r.body as ImportModelBody)?.name ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(await importOnnxModel(kelp, r.project, r.body as ImportModelBody, r.principal.id)),
  });

  app.post('/api/v1/compilation-jobs', {
    schema: {
      tags: ['models'],
      summary: 'Export a model with its preprocessing to ONNX, verified in ONNX Runtime (a job; Neo)',
      querystring: ProjectQuery,
      body: CompileBody,
      response: { 201: JobSchema, ...errors },
    },
    config: {
      audit: {
        action: 'models.compile',
        resource: (r) => resourceName(r.project, 'model', (r.body as CompileBody)?.model ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply.status(201).send(await kelp.compiler.submit(r.project, r.body as CompileBody, r.principal.id)),
  });

  app.post('/api/v1/transform-jobs', {
    schema: {
      tags: ['endpoints'],
      summary: 'Batch transform: score every object under an input into <output>/<name>.out (a job)',
      querystring: ProjectQuery,
      body: TransformBody,
      response: { 201: JobSchema, ...errors },
    },
    config: {
      audit: {
        action: 'transform.start',
        resource: (r) => resourceName(r.project, 'model', (r.body as TransformBody)?.model ?? '-'),
      },
    },
    handler: async (r, reply) =>
      reply
        .status(201)
        .send(await kelp.transforms.submit(r.project, r.body as TransformBody, r.principal.id)),
  });
}

/**
 * The runtime route, as SageMaker's runtime API has it: the body goes to the model as is (CSV, JSON,
 * JSON lines or RecordIO), up to 6 MiB, and the answer comes back in the Accept type, RecordIO as
 * bytes. Registered in its own scope so its raw-body parser applies only here.
 */
export async function invocationRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  app.removeAllContentTypeParsers();
  // Raw bytes: RecordIO stays binary, text types become strings.
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_INVOCATION_BYTES }, (_r, body, done) =>
    done(null, body),
  );
  app.post('/endpoints/:name/invocations', {
    bodyLimit: MAX_INVOCATION_BYTES,
    schema: {
      tags: ['endpoints'],
      summary:
        'Invoke an endpoint (SageMaker InvokeEndpoint): text/csv, application/json, application/jsonlines or application/x-recordio-protobuf, answered in the Accept type',
      params: NameParams,
      querystring: ProjectQuery,
    },
    handler: async (r, reply) => {
      const header = (name: string) => {
        const v = r.headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const result = await kelp.endpoints.invoke(r.project, nameOf(r), {
        contentType: header('content-type'),
        accept: header('accept'),
        targetVariant: header('x-amzn-sagemaker-target-variant'),
        targetModel: header('x-amzn-sagemaker-target-model'),
        body: !Buffer.isBuffer(r.body)
          ? ''
          : /recordio/i.test(header('content-type') ?? '')
            ? new Uint8Array(r.body.buffer, r.body.byteOffset, r.body.byteLength)
            : r.body.toString('utf8'),
      });
      const custom = header('x-amzn-sagemaker-custom-attributes');
      if (custom !== undefined) void reply.header('x-amzn-sagemaker-custom-attributes', custom);
      const body = result.body;
      return reply
        .header('content-type', result.contentType)
        .header('x-amzn-invoked-production-variant', result.variant)
        .send(
          // RecordIO bytes go out as they are (a Buffer over the same memory: Fastify sends Buffers raw).
          typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength),
        );
    },
  });
}
