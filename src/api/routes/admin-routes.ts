import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  AuditPage,
  AuditQuery,
  ErrorBody,
  Health,
  Identity,
  ProjectQuery,
  PutSecretBody,
  SecretInfoSchema,
  SecretList,
} from '../../contract/index.js';
import { resourceName } from '../../core/index.js';

const started = Date.now();
const VERSION = process.env.npm_package_version ?? '0.1.0';
const secretResource = (r: FastifyRequest) =>
  resourceName(r.project, 'secret', (r.params as { name: string }).name);
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

/** Health, identity, the audit log and secrets. */
export async function adminRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and what this server runs on', response: { 200: Health } },
    handler: async () => ({
      status: 'ok' as const,
      version: VERSION,
      uptimeSeconds: (Date.now() - started) / 1000,
      metadataStore: kelp.meta.dialect,
      objectStore: new URL(kelp.objects.url).protocol.replace(':', ''),
      runningJobs: kelp.runtime?.runningCount ?? 0,
    }),
  });

  app.get('/api/v1/identity', {
    schema: {
      tags: ['system'],
      summary: 'Who the caller is',
      querystring: ProjectQuery,
      response: { 200: Identity },
    },
    handler: async (request) => ({
      principal: request.principal.id,
      type: request.principal.type,
      project: request.project,
    }),
  });

  app.get('/api/v1/audit', {
    schema: {
      tags: ['system'],
      summary: 'The audit log of mutating calls, newest first',
      querystring: Type.Intersect([ProjectQuery, AuditQuery]),
      response: { 200: AuditPage, ...errors },
    },
    handler: async (request) => {
      const q = request.query as {
        principal?: string;
        action?: string;
        resource?: string;
        cursor?: string;
        limit?: number;
      };
      return kelp.audit.list({
        project: request.project,
        ...(q.principal ? { principal: q.principal } : {}),
        ...(q.action ? { action: q.action } : {}),
        ...(q.resource ? { resourcePrefix: q.resource } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
        ...(q.limit ? { limit: q.limit } : {}),
      });
    },
  });

  const NameParams = Type.Object({ name: Type.String() });
  app.get('/api/v1/secrets', {
    schema: {
      tags: ['secrets'],
      summary: 'Secrets of a project (never their values)',
      querystring: ProjectQuery,
      response: { 200: SecretList },
    },
    handler: async (request) => ({ secrets: await kelp.secrets.list(request.project) }),
  });

  app.get('/api/v1/secrets/:name', {
    schema: {
      tags: ['secrets'],
      summary: 'Describe a secret (never its value)',
      params: NameParams,
      querystring: ProjectQuery,
      response: { 200: SecretInfoSchema, ...errors },
    },
    handler: async (request) =>
      kelp.secrets.describe(request.project, (request.params as { name: string }).name),
  });

  app.put('/api/v1/secrets/:name', {
    schema: {
      tags: ['secrets'],
      summary: 'Create or replace a secret',
      params: NameParams,
      querystring: ProjectQuery,
      body: PutSecretBody,
      response: { 200: SecretInfoSchema, ...errors },
    },
    config: { audit: { action: 'secrets.put', resource: secretResource } },
    handler: async (request) => {
      const body = request.body as PutSecretBody;
      return kelp.secrets.put(request.project, (request.params as { name: string }).name, body.value, {
        principal: request.principal.id,
        overwrite: true,
        ...(body.description !== undefined ? { description: body.description } : {}),
      });
    },
  });

  app.delete('/api/v1/secrets/:name', {
    schema: { tags: ['secrets'], summary: 'Delete a secret', params: NameParams, querystring: ProjectQuery },
    config: { audit: { action: 'secrets.delete', resource: secretResource } },
    handler: async (request, reply) => {
      await kelp.secrets.delete(request.project, (request.params as { name: string }).name);
      return reply.status(204).send();
    },
  });
}
