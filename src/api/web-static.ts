import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

import { notFound } from '../core/index.js';
import { notFoundHandler } from './middleware/error-handler.js';

/**
 * The built web console (`npx vite build web`). `../../web/dist` from this module's folder is the
 * same place from src/api (tsx) and from dist/api (after tsc).
 */
export const DEFAULT_WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

const hidden = { schema: { hide: true } };

const pathOf = (request: FastifyRequest) => request.url.split('?')[0] ?? '/';
const isApi = (path: string) => path === '/api' || path.startsWith('/api/');
const hasExtension = (path: string) => path.slice(path.lastIndexOf('/') + 1).includes('.');
const isRead = (request: FastifyRequest) => request.method === 'GET' || request.method === 'HEAD';

// No server paths in the message: clients need the remedy, not the folder layout.
const notBuilt = () =>
  notFound('the web console is not built (web/dist/index.html is missing): run `npm run build`');

/**
 * Serves the console: hashed `/assets/*` cached for a year, index.html (never cached, so a new build
 * shows at once) for `/` and for every extension-less non-API GET, the client-side router's deep
 * links. Without a build, `/` keeps redirecting to the API docs and pages say how to build it.
 * Owns the server's not-found handler (Fastify allows one), so unknown API routes keep the JSON 404.
 */
export async function registerWebConsole(app: FastifyInstance, webDist: string): Promise<void> {
  if (!existsSync(join(webDist, 'index.html'))) {
    app.get('/', hidden, async (_request, reply) => reply.redirect('/api/docs'));
    app.setNotFoundHandler((request, reply) => {
      if (!isRead(request) || isApi(pathOf(request))) return notFoundHandler(request, reply);
      void reply.send(notBuilt());
    });
    return;
  }

  await app.register(fastifyStatic, {
    root: join(webDist, 'assets'),
    prefix: '/assets/',
    // File names carry a content hash: a changed file is a new URL.
    immutable: true,
    maxAge: '365d',
    index: false,
    suppressWarning: true,
  });
  // Files from web/public (favicon and the like) sit beside index.html with stable names.
  await app.register(fastifyStatic, {
    root: webDist,
    wildcard: false,
    globIgnore: ['index.html', 'assets/**'],
    index: false,
    decorateReply: false,
    maxAge: 0,
  });

  // sendFile answers a missing file with the not-found handler: remember who got the shell already.
  const shellSent = new WeakSet<FastifyRequest>();
  const sendShell = (request: FastifyRequest, reply: FastifyReply) => {
    if (shellSent.has(request)) return reply.send(notBuilt());
    shellSent.add(request);
    return reply.header('cache-control', 'no-cache').sendFile('index.html', webDist, { cacheControl: false });
  };

  app.get('/', hidden, (request, reply) => sendShell(request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request);
    if (!isRead(request) || isApi(path) || hasExtension(path) || path.startsWith('/assets/'))
      return notFoundHandler(request, reply);
    void sendShell(request, reply);
  });
}
