import { timingSafeEqual } from 'node:crypto';

import type { FastifyReply, FastifyRequest } from 'fastify';

import { LOCAL_ADMIN, type Principal, TOKEN_ADMIN } from '../../auth/index.js';
import { DEFAULT_PROJECT, PlatformError, validateProject } from '../../core/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
    project: string;
    /** Set by handlers whose resource is known only after the call (generated names). */
    auditResource?: string;
  }
}

export interface IdentityOptions {
  /** When set, every request but the health check must send `Authorization: Bearer <token>`. */
  readonly adminToken?: string | undefined;
}

function tokenMatches(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Gives every request a principal and a project (`?project=` or `X-Kelp-Project`, else `default`). */
export function identityHook(options: IdentityOptions) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    const query = request.query as Record<string, unknown> | undefined;
    const project =
      (typeof query?.project === 'string' && query.project) || request.headers['x-kelp-project'];
    request.project = validateProject(typeof project === 'string' && project ? project : DEFAULT_PROJECT);
    // The console's page and assets are public; its API calls carry the token.
    if (!options.adminToken || request.url === '/api/health' || !request.url.startsWith('/api/')) {
      request.principal = LOCAL_ADMIN;
      return;
    }
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (!token || !tokenMatches(token, options.adminToken)) {
      throw new PlatformError(
        'unauthenticated',
        'missing or wrong admin token (send Authorization: Bearer <token>)',
      );
    }
    request.principal = TOKEN_ADMIN;
  };
}
