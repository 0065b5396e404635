import { type Static, Type } from 'typebox';

export const ObjectInfo = Type.Object({
  key: Type.String(),
  size: Type.Integer(),
  etag: Type.String(),
  lastModified: Type.String({ format: 'date-time' }),
  contentType: Type.String(),
  metadata: Type.Record(Type.String(), Type.String()),
});
export type ObjectInfo = Static<typeof ObjectInfo>;

export const ListObjectsQuery = Type.Object({
  prefix: Type.Optional(Type.String()),
  delimiter: Type.Optional(Type.String({ minLength: 1, maxLength: 8 })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});
export type ListObjectsQuery = Static<typeof ListObjectsQuery>;

export const ObjectPage = Type.Object({
  objects: Type.Array(ObjectInfo),
  commonPrefixes: Type.Array(Type.String()),
  nextCursor: Type.Optional(Type.String()),
});
export type ObjectPage = Static<typeof ObjectPage>;

export const CreateUploadBody = Type.Object({
  key: Type.String({ minLength: 1 }),
  contentType: Type.Optional(Type.String()),
  metadata: Type.Optional(Type.Record(Type.String(), Type.String())),
});
export type CreateUploadBody = Static<typeof CreateUploadBody>;

export const UploadPart = Type.Object({
  partNumber: Type.Integer({ minimum: 1, maximum: 10000 }),
  etag: Type.String(),
});
export type UploadPart = Static<typeof UploadPart>;

export const CompleteUploadBody = Type.Object({ parts: Type.Array(UploadPart, { minItems: 1 }) });
export type CompleteUploadBody = Static<typeof CompleteUploadBody>;
