import { distance } from 'fastest-levenshtein';

import { invalidArgument } from '../core/index.js';
import type { HyperparameterSpec, HyperparameterValues } from './algorithm.js';

/**
 * Checks raw hyperparameters (strings from `--hp key=value`, or JSON values) against an algorithm's
 * specs and fills in defaults. Errors name the hyperparameter, the range and, for a typo, the
 * closest known name.
 */
export function parseHyperparameters(
  algorithm: string,
  specs: Readonly<Record<string, HyperparameterSpec>>,
  raw: Record<string, unknown>,
): HyperparameterValues {
  const out: HyperparameterValues = {};
  for (const key of Object.keys(raw)) {
    if (!(key in specs)) {
      const close = Object.keys(specs)
        .map((k) => ({ k, d: distance(k, key) }))
        .filter((c) => c.d <= 3)
        .sort((a, b) => a.d - b.d)[0]?.k;
      throw invalidArgument(
        `${algorithm}: unknown hyperparameter '${key}'${close ? ` (did you mean '${close}'?)` : ''}; known: ${Object.keys(specs).join(', ')}`,
        { hyperparameter: key },
      );
    }
  }
  for (const [name, spec] of Object.entries(specs)) {
    const value = raw[name];
    out[name] = value === undefined || value === '' ? spec.default : parseOne(algorithm, name, spec, value);
  }
  return out;
}

function parseOne(
  algorithm: string,
  name: string,
  spec: HyperparameterSpec,
  value: unknown,
): number | string | boolean {
  const where = `${algorithm}: hyperparameter '${name}'`;
  const fail = (why: string) => invalidArgument(`${where} ${why}`, { hyperparameter: name, value });
  if (spec.type === 'bool') {
    if (typeof value === 'boolean') return value;
    if (value === 'true' || value === '1') return true;
    if (value === 'false' || value === '0') return false;
    throw fail(`must be true or false, got '${String(value)}'`);
  }
  if (spec.type === 'enum') {
    const s = String(value);
    if (!spec.values.includes(s)) throw fail(`must be one of ${spec.values.join(', ')}, got '${s}'`);
    return s;
  }
  const n = typeof value === 'number' ? value : Number(String(value).trim());
  if (!Number.isFinite(n)) throw fail(`must be a number, got '${String(value)}'`);
  if (spec.type === 'int' && !Number.isInteger(n)) throw fail(`must be a whole number, got ${n}`);
  const range = `${spec.min ?? '-∞'}..${spec.max ?? '∞'}`;
  if (
    spec.min !== undefined &&
    (n < spec.min || (spec.type === 'float' && spec.exclusiveMin && n === spec.min))
  ) {
    throw fail(
      `must be in ${range}${spec.type === 'float' && spec.exclusiveMin ? ` (above ${spec.min})` : ''}, got ${n}`,
    );
  }
  if (spec.max !== undefined && n > spec.max) throw fail(`must be in ${range}, got ${n}`);
  return n;
}
