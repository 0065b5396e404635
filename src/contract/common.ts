import { type Static, Type } from 'typebox';

export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String({ description: 'Closed set: invalid_argument, not_found, already_exists, ...' }),
      message: Type.String(),
      details: Type.Record(Type.String(), Type.Unknown()),
    }),
  },
  { description: 'Every error response has this shape.' },
);
export type ErrorBody = Static<typeof ErrorBody>;

export const ProjectQuery = Type.Object({
  project: Type.Optional(
    Type.String({ pattern: '^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$', description: 'default: "default"' }),
  ),
});

export const Health = Type.Object({
  status: Type.Literal('ok'),
  version: Type.String(),
  uptimeSeconds: Type.Number(),
  metadataStore: Type.String(),
  objectStore: Type.String(),
  runningJobs: Type.Integer(),
});
export type Health = Static<typeof Health>;

export const Identity = Type.Object({
  principal: Type.String(),
  type: Type.String(),
  project: Type.String(),
});
export type Identity = Static<typeof Identity>;

export const NAME = '^[a-zA-Z0-9][a-zA-Z0-9-]{0,62}$';
