import type { FastifyReply, FastifyRequest } from 'fastify';

import type { AuditLog } from '../../auth/index.js';
import { codeForHttpStatus } from '../../core/index.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Mutating routes name their action and how to find the resource they touch. */
    audit?: { action: string; resource: (request: FastifyRequest) => string };
  }
}

/** Appends an audit event for every call to a route that declares `config.audit`, success or not. */
export function auditHook(audit: AuditLog) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const spec = request.routeOptions.config.audit;
    if (!spec || !request.principal) return;
    const ok = reply.statusCode < 400;
    let resource: string;
    try {
      resource = request.auditResource ?? spec.resource(request);
    } catch {
      resource = `kelp:${request.project}:unknown/unknown`;
    }
    try {
      await audit.record({
        principal: request.principal.id,
        action: spec.action,
        resource,
        project: request.project,
        outcome: ok ? 'success' : 'failure',
        errorCode: ok ? null : codeForHttpStatus(reply.statusCode),
        requestId: request.id,
        details: { method: request.method, status: reply.statusCode },
      });
    } catch (err) {
      request.log.error({ err }, 'could not write the audit event');
    }
  };
}
