import type { IncomingMessage } from 'node:http';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';

import type { Kelp } from '../../app/index.js';
import {
  CompleteUploadBody,
  CreateUploadBody,
  ErrorBody,
  ListObjectsQuery,
  ObjectInfo,
  ObjectPage,
  ProjectQuery,
  UploadPart,
} from '../../contract/index.js';
import { invalidArgument, resourceName } from '../../core/index.js';
import { type ObjectInfo as StoreObjectInfo, validateKey } from '../../storage/index.js';

const META_PREFIX = 'x-kelp-meta-';
const keyOf = (request: FastifyRequest) => (request.params as { '*': string })['*'];
const objectResource = (request: FastifyRequest) =>
  resourceName(request.project, 'object', keyOf(request) || '-');
const errors = { 400: ErrorBody, 404: ErrorBody, 409: ErrorBody };

export function toObjectJson(info: StoreObjectInfo) {
  return { ...info, lastModified: info.lastModified.toISOString() };
}

function userMetadata(request: FastifyRequest): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (name.startsWith(META_PREFIX) && typeof value === 'string')
      out[name.slice(META_PREFIX.length)] = value;
  }
  return out;
}

function objectHeaders(reply: FastifyReply, info: StoreObjectInfo): void {
  void reply.header('etag', info.etag);
  void reply.header('last-modified', info.lastModified.toUTCString());
  void reply.header('content-type', info.contentType);
  void reply.header('accept-ranges', 'bytes');
  for (const [k, v] of Object.entries(info.metadata)) void reply.header(`${META_PREFIX}${k}`, v);
}

/** `bytes=start-end` or `bytes=start-`; other forms (suffix, multiple ranges) are refused. */
function parseRange(header: string | undefined): { start: number; end?: number } | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d+)-(\d*)$/.exec(header.trim());
  if (!m)
    throw invalidArgument(`unsupported Range header '${header}' (use bytes=start-end)`, { field: 'range' });
  return { start: Number(m[1]), ...(m[2] ? { end: Number(m[2]) } : {}) };
}

/** Object routes: S3-like PUT/GET/HEAD/DELETE on `/api/v1/objects/<key>`, listing, multipart uploads. */
export async function objectsRoutes(app: FastifyInstance, kelp: Kelp): Promise<void> {
  // Object bytes stream straight to the store, whatever their content type: no parsing, no limit.
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request: FastifyRequest, payload: IncomingMessage, done) =>
      done(null, payload),
    );
    objectDataRoutes(raw, kelp);
  });
  uploadRoutes(app, kelp);
}

/** List, PUT, GET, HEAD and DELETE of objects, and PUT of multipart parts (raw bodies). */
function objectDataRoutes(app: FastifyInstance, kelp: Kelp): void {
  const store = kelp.objects;

  app.get('/api/v1/objects', {
    schema: {
      tags: ['objects'],
      summary: 'List objects by prefix, rolling keys up to common prefixes at a delimiter',
      querystring: Type.Intersect([ListObjectsQuery, ProjectQuery]),
      response: { 200: ObjectPage, ...errors },
    },
    handler: async (request) => {
      const q = request.query as ListObjectsQuery;
      const page = await store.list(q);
      return { ...page, objects: page.objects.map(toObjectJson) };
    },
  });

  app.put('/api/v1/objects/*', {
    schema: {
      tags: ['objects'],
      summary: 'Upload an object (the raw body); Content-Type and X-Kelp-Meta-* headers are kept',
      response: { 200: ObjectInfo, ...errors },
    },
    config: { audit: { action: 'objects.put', resource: objectResource } },
    handler: async (request) => {
      const key = validateKey(keyOf(request));
      const abort = new AbortController();
      const onClose = () => {
        if (!request.raw.complete) abort.abort(new Error('client disconnected during upload'));
      };
      request.raw.on('close', onClose);
      try {
        const contentType = request.headers['content-type'];
        const info = await store.put(key, request.raw, {
          ...(contentType ? { contentType } : {}),
          metadata: userMetadata(request),
          signal: abort.signal,
        });
        return toObjectJson(info);
      } finally {
        request.raw.off('close', onClose);
      }
    },
  });

  app.get('/api/v1/objects/*', {
    exposeHeadRoute: false, // HEAD has its own route that does not open the object
    schema: { tags: ['objects'], summary: 'Download an object (supports Range and If-None-Match)' },
    handler: async (request, reply) => {
      const key = validateKey(keyOf(request));
      const range = parseRange(request.headers.range);
      const head = await store.head(key);
      if (request.headers['if-none-match'] === head.etag) return reply.status(304).send();
      const { info, body } = await store.get(key, range ? { range } : {});
      objectHeaders(reply, info);
      if (range) {
        const end = Math.min(range.end ?? info.size - 1, info.size - 1);
        void reply.status(206).header('content-range', `bytes ${range.start}-${end}/${info.size}`);
        void reply.header('content-length', end - range.start + 1);
      } else void reply.header('content-length', info.size);
      return reply.send(body);
    },
  });

  app.head('/api/v1/objects/*', {
    schema: { tags: ['objects'], summary: 'Object size, ETag, content type and metadata as headers' },
    handler: async (request, reply) => {
      const info = await store.head(validateKey(keyOf(request)));
      objectHeaders(reply, info);
      void reply.header('content-length', info.size);
      return reply.send();
    },
  });

  app.delete('/api/v1/objects/*', {
    schema: { tags: ['objects'], summary: 'Delete an object (succeeds when it does not exist)' },
    config: { audit: { action: 'objects.delete', resource: objectResource } },
    handler: async (request, reply) => {
      await store.delete(validateKey(keyOf(request)));
      return reply.status(204).send();
    },
  });

  app.put('/api/v1/uploads/:uploadId/parts/:partNumber', {
    schema: {
      tags: ['objects'],
      summary: 'Upload one part (raw body)',
      params: Type.Object({
        uploadId: Type.String(),
        partNumber: Type.Integer({ minimum: 1, maximum: 10000 }),
      }),
      response: { 200: UploadPart, ...errors },
    },
    handler: async (request) => {
      const { uploadId, partNumber } = request.params as { uploadId: string; partNumber: number };
      return store.multipart.uploadPart(uploadId, partNumber, request.raw);
    },
  });
}

/** Start, complete and abort multipart uploads (JSON bodies). */
function uploadRoutes(app: FastifyInstance, kelp: Kelp): void {
  const store = kelp.objects;
  const uploadResource = (request: FastifyRequest) =>
    resourceName(request.project, 'object', (request.body as { key?: string } | undefined)?.key ?? '-');

  app.post('/api/v1/uploads', {
    schema: {
      tags: ['objects'],
      summary: 'Start a multipart upload',
      body: CreateUploadBody,
      response: { 201: Type.Object({ uploadId: Type.String(), key: Type.String() }), ...errors },
    },
    config: { audit: { action: 'objects.createUpload', resource: uploadResource } },
    handler: async (request, reply) => {
      const body = request.body as CreateUploadBody;
      const uploadId = await store.multipart.create(body.key, {
        ...(body.contentType ? { contentType: body.contentType } : {}),
        ...(body.metadata ? { metadata: body.metadata } : {}),
      });
      return reply.status(201).send({ uploadId, key: body.key });
    },
  });

  app.post('/api/v1/uploads/:uploadId/complete', {
    schema: {
      tags: ['objects'],
      summary: 'Assemble the parts into the object, atomically',
      params: Type.Object({ uploadId: Type.String() }),
      body: CompleteUploadBody,
      response: { 200: ObjectInfo, ...errors },
    },
    config: {
      audit: {
        action: 'objects.completeUpload',
        resource: (r) => resourceName(r.project, 'upload', (r.params as { uploadId: string }).uploadId),
      },
    },
    handler: async (request) => {
      const { uploadId } = request.params as { uploadId: string };
      const info = await store.multipart.complete(uploadId, (request.body as CompleteUploadBody).parts);
      request.auditResource = resourceName(request.project, 'object', info.key);
      return toObjectJson(info);
    },
  });

  app.delete('/api/v1/uploads/:uploadId', {
    schema: {
      tags: ['objects'],
      summary: 'Abort a multipart upload',
      params: Type.Object({ uploadId: Type.String() }),
    },
    config: {
      audit: {
        action: 'objects.abortUpload',
        resource: (r) => resourceName(r.project, 'upload', (r.params as { uploadId: string }).uploadId),
      },
    },
    handler: async (request, reply) => {
      await store.multipart.abort((request.params as { uploadId: string }).uploadId);
      return reply.status(204).send();
    },
  });
}
