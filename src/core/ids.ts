import { randomBytes, randomUUID } from 'node:crypto';

import { invalidArgument } from './errors.js';

/** Stable opaque ids for resources. */
export function newId(): string {
  return randomUUID();
}

/** A short random suffix for generated names (lowercase base32, no ambiguous letters needed). */
export function randomSuffix(length = 6): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  const bytes = randomBytes(length);
  let out = '';
  for (const b of bytes) out += alphabet[b & 31];
  return out;
}

/** Resource names are unique per kind within a project: letters, digits and dashes, 1-63 chars. */
export const NAME_PATTERN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,62})$/;

export function validateName(name: string, field = 'name'): string {
  if (!NAME_PATTERN.test(name)) {
    throw invalidArgument(
      `${field} '${name}' is invalid: use 1-63 letters, digits or dashes, starting with a letter or digit`,
      { field },
    );
  }
  return name;
}

export const DEFAULT_PROJECT = 'default';

export function validateProject(project: string): string {
  return validateName(project, 'project');
}

/** `kelp:<project>:<kind>/<name>`: the stable name of a resource, used in audit events and policies. */
export function resourceName(project: string, kind: string, name: string): string {
  return `kelp:${project}:${kind}/${name}`;
}

/** A name generated for a resource the user did not name: `<base>-<yyyymmdd-hhmmss>-<suffix>`. */
export function generatedName(base: string, now = new Date()): string {
  const iso = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${base.replace(/[^a-zA-Z0-9-]/g, '-').slice(0, 36)}-${iso}-${randomSuffix(4)}`;
}
