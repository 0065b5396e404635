import { type Static, Type } from 'typebox';

export const AuditEventSchema = Type.Object({
  id: Type.String(),
  at: Type.String(),
  principal: Type.String(),
  action: Type.String(),
  resource: Type.String(),
  project: Type.String(),
  outcome: Type.String(),
  errorCode: Type.Union([Type.String(), Type.Null()]),
  requestId: Type.Union([Type.String(), Type.Null()]),
  details: Type.Record(Type.String(), Type.Unknown()),
});

export const AuditQuery = Type.Object({
  principal: Type.Optional(Type.String()),
  action: Type.Optional(Type.String()),
  resource: Type.Optional(Type.String({ description: 'resource name prefix' })),
  cursor: Type.Optional(Type.String()),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

export const AuditPage = Type.Object({
  events: Type.Array(AuditEventSchema),
  nextCursor: Type.Optional(Type.String()),
});
export type AuditPage = Static<typeof AuditPage>;

export const SecretInfoSchema = Type.Object({
  project: Type.String(),
  name: Type.String(),
  description: Type.String(),
  createdBy: Type.String(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type SecretInfoBody = Static<typeof SecretInfoSchema>;

export const PutSecretBody = Type.Object({
  value: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type PutSecretBody = Static<typeof PutSecretBody>;

export const SecretList = Type.Object({ secrets: Type.Array(SecretInfoSchema) });
export type SecretList = Static<typeof SecretList>;
