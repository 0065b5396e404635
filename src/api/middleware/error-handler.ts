import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

import { codeForHttpStatus, type ErrorCode, isPlatformError } from '../../core/index.js';

interface ErrorBody {
  error: { code: ErrorCode; message: string; details: Record<string, unknown> };
}

function body(code: ErrorCode, message: string, details: Record<string, unknown> = {}): ErrorBody {
  return { error: { code, message, details } };
}

/** Turns a schema validation failure into a message naming the field path (`body.name`). */
function validationBody(err: FastifyError): ErrorBody {
  const first = err.validation?.[0];
  const context = err.validationContext ?? 'body';
  const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
  const field = [context, path, missing].filter(Boolean).join('.');
  const message = missing ? `${field} is required` : `${field} ${first?.message ?? 'is invalid'}`;
  return body('invalid_argument', message, { field, problems: err.validation ?? [] });
}

/**
 * The one error handler: known errors are answered with their code and message; anything else is
 * logged and answered with a generic 500 so internals never leak.
 */
export function errorHandler(err: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  if (isPlatformError(err)) {
    void reply.status(err.httpStatus).send(body(err.code, err.message, err.details));
    return;
  }
  if (err.validation) {
    void reply.status(400).send(validationBody(err));
    return;
  }
  if (err.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    void reply
      .status(413)
      .send(
        body(
          'payload_too_large',
          `request body is larger than the limit of ${request.routeOptions.bodyLimit ?? ''} bytes`,
        ),
      );
    return;
  }
  if (
    err.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
    err.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' ||
    err instanceof SyntaxError
  ) {
    void reply
      .status(400)
      .send(body('invalid_argument', `malformed JSON in request body: ${err.message}`, { field: 'body' }));
    return;
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    void reply.status(415).send(body('invalid_argument', err.message, { field: 'content-type' }));
    return;
  }
  const status = err.statusCode ?? 500;
  if (status < 500) {
    void reply.status(status).send(body(codeForHttpStatus(status), err.message));
    return;
  }
  request.log.error({ err }, 'unhandled error');
  void reply.status(500).send(body('internal', `internal error (request ${request.id}); see the server log`));
}

export function notFoundHandler(request: FastifyRequest, reply: FastifyReply): void {
  void reply.status(404).send(body('not_found', `no route ${request.method} ${request.url.split('?')[0]}`));
}
