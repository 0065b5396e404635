/**
 * Invocation bodies for the console's "Invoke" form: the content types an endpoint takes and an
 * example body built from a model's input schema. No React here.
 */
import type { Model } from '../../../../src/contract/index.js';

/** The contract's INVOCATION_CONTENT_TYPES, repeated so the console does not bundle the schemas. */
export const CONTENT_TYPES = ['text/csv', 'application/json', 'application/jsonlines'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

export const isContentType = (v: string): v is ContentType =>
  (CONTENT_TYPES as readonly string[]).includes(v);

/** Glue types read as numbers (`decimal(10,2)` included). */
const NUMERIC = /^(tinyint|smallint|int|integer|bigint|float|double|real|decimal)\b/;

/** The columns a request carries, in training order: the model's schema without its target. */
export function featureColumns(model: Pick<Model, 'schema' | 'target'>): Model['schema'] {
  return model.schema.filter((c) => c.name !== model.target);
}

/** A placeholder per column: 0 for numbers, missing (empty, null) for everything else. */
const placeholder = (type: string): number | null => (NUMERIC.test(type) ? 0 : null);

/**
 * One example row in the given content type: a CSV line without header, `{"instances": [{...}]}`
 * or one JSON line, the objects keyed by column so the JSON says which value is which.
 */
export function exampleBody(model: Pick<Model, 'schema' | 'target'>, type: ContentType): string {
  const columns = featureColumns(model);
  if (type === 'text/csv') return `${columns.map((c) => placeholder(c.type) ?? '').join(',')}\n`;
  const row = Object.fromEntries(columns.map((c) => [c.name, placeholder(c.type)]));
  return type === 'application/json'
    ? `${JSON.stringify({ instances: [row] }, null, 2)}\n`
    : `${JSON.stringify(row)}\n`;
}
