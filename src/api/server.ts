import { randomUUID } from 'node:crypto';

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  LogController,
} from 'fastify';

import type { Kelp } from '../app/index.js';
import { isLoopback, PlatformError } from '../core/index.js';
import { auditHook } from './middleware/audit-hook.js';
import { errorHandler } from './middleware/error-handler.js';
import { identityHook } from './middleware/identity.js';
import { adminRoutes } from './routes/admin-routes.js';
import { catalogRoutes } from './routes/catalog-routes.js';
import { endpointsRoutes, invocationRoutes, transformRoutes } from './routes/endpoints-routes.js';
import { jobsRoutes } from './routes/jobs-routes.js';
import { modelsRoutes } from './routes/models-routes.js';
import { objectsRoutes } from './routes/objects-routes.js';
import { closeAllStreams } from './sse.js';
import { DEFAULT_WEB_DIST, registerWebConsole } from './web-static.js';

export interface BuildServerOptions {
  /** Log requests (pino, one JSON line each). Off for embedded CLI runs and tests. */
  readonly logRequests?: boolean;
  /** Folder of the built web console (index.html, assets/); tests point it elsewhere. */
  readonly webDist?: string;
}

/**
 * Builds the HTTP API over a Kelp instance: `/api/v1/...`, `/api/health`, OpenAPI at `/api/docs`, and
 * the web console everywhere else.
 */
export async function buildServer(kelp: Kelp, options: BuildServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: (options.logRequests ? kelp.logger : undefined) as FastifyBaseLogger | undefined,
    logController: new LogController({ disableRequestLogging: !options.logRequests }),
    bodyLimit: kelp.config.bodyLimit,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
    },
    requestIdHeader: false,
    ajv: { customOptions: { coerceTypes: true, removeAdditional: false, allErrors: false } },
    forceCloseConnections: 'idle',
    // Requests Fastify rejects before routing (bad URL encoding, bad content type) get the same shape.
    frameworkErrors: (error, _request, reply) => {
      const status = error.statusCode ?? 400;
      void (reply as FastifyReply).status(status).send({
        error: { code: 'invalid_argument', message: error.message, details: {} },
      });
    },
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Kelp API',
        version: '1',
        description: 'Machine-learning platform API. Errors: { "error": { "code", "message", "details" } }.',
      },
      servers: [],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  app.setErrorHandler(errorHandler);
  app.addHook('onRequest', identityHook({ adminToken: kelp.config.adminToken }));
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', auditHook(kelp.audit));
  app.addHook('preClose', async () => closeAllStreams());
  // After the hooks, so console requests get request ids and the identity check too.
  await registerWebConsole(app, options.webDist ?? DEFAULT_WEB_DIST);

  await app.register(async (scope) => objectsRoutes(scope, kelp));
  await app.register(async (scope) => jobsRoutes(scope, kelp));
  await app.register(async (scope) => adminRoutes(scope, kelp));
  await app.register(async (scope) => catalogRoutes(scope, kelp));
  await app.register(async (scope) => modelsRoutes(scope, kelp));
  await app.register(async (scope) => endpointsRoutes(scope, kelp));
  await app.register(async (scope) => invocationRoutes(scope, kelp));
  await app.register(async (scope) => transformRoutes(scope, kelp));
  return app;
}

/** Refuses to listen beyond loopback without an admin token (full users and policies come later). */
export function checkBind(host: string, adminToken: string | undefined): void {
  if (!isLoopback(host) && !adminToken) {
    throw new PlatformError(
      'permission_denied',
      `refusing to listen on ${host} without an admin token: set KELP_ADMIN_TOKEN, or bind to 127.0.0.1`,
      { field: 'host' },
    );
  }
}
