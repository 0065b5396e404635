import { invalidArgument } from '../core/index.js';

/**
 * The JSONPath subset SageMaker batch transform takes in InputFilter and OutputFilter: `$`,
 * `$[i]`, `$[i,j,...]`, `$[a:b]` (negative and open ends allowed), `$.key`, `$.a.b`, `$['k1','k2']`,
 * and chains of them (e.g. `$.features[1:]`). A CSV record is filtered as the array of its fields.
 */
export type JsonPath = (value: unknown) => unknown;

type Step =
  | { readonly kind: 'key'; readonly key: string }
  | { readonly kind: 'keys'; readonly keys: readonly string[] }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'indices'; readonly indices: readonly number[] }
  | { readonly kind: 'slice'; readonly from?: number; readonly to?: number };

export function parseJsonPath(path: string, what = 'filter'): JsonPath {
  const bad = (why: string) =>
    invalidArgument(`${what} '${path}': ${why} (supported: $, $[i], $[i,j], $[a:b], $.key, $['k1','k2'])`, {
      field: what,
    });
  if (!path.startsWith('$')) throw bad('must start with $');
  const steps: Step[] = [];
  let i = 1;
  while (i < path.length) {
    if (path[i] === '.') {
      const m = /^[A-Za-z_][\w-]*/.exec(path.slice(i + 1));
      if (!m) throw bad(`a key is expected after '.' at ${i}`);
      steps.push({ kind: 'key', key: m[0] });
      i += 1 + m[0].length;
    } else if (path[i] === '[') {
      const end = path.indexOf(']', i);
      if (end < 0) throw bad(`'[' at ${i} is not closed`);
      steps.push(bracket(path.slice(i + 1, end).trim(), bad));
      i = end + 1;
    } else throw bad(`unexpected '${path[i]}' at ${i}`);
  }
  return (value) => steps.reduce<unknown>((v, s) => apply(s, v), value);
}

function bracket(inner: string, bad: (why: string) => Error): Step {
  if (/^'[^']*'(\s*,\s*'[^']*')*$/.test(inner)) {
    const keys = [...inner.matchAll(/'([^']*)'/g)].map((m) => m[1]!);
    return keys.length === 1 ? { kind: 'key', key: keys[0]! } : { kind: 'keys', keys };
  }
  const slice = /^(-?\d+)?\s*:\s*(-?\d+)?$/.exec(inner);
  if (slice)
    return {
      kind: 'slice',
      ...(slice[1] !== undefined ? { from: Number(slice[1]) } : {}),
      ...(slice[2] !== undefined ? { to: Number(slice[2]) } : {}),
    };
  if (/^-?\d+(\s*,\s*-?\d+)*$/.test(inner)) {
    const indices = inner.split(',').map((s) => Number(s.trim()));
    return indices.length === 1 ? { kind: 'index', index: indices[0]! } : { kind: 'indices', indices };
  }
  throw bad(`cannot read [${inner}]`);
}

function apply(s: Step, v: unknown): unknown {
  if (s.kind === 'key' || s.kind === 'keys') {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      throw invalidArgument(
        `filter: ${s.kind === 'key' ? `'${s.key}'` : 'keys'} need an object, got ${JSON.stringify(v)}`,
      );
    const o = v as Record<string, unknown>;
    return s.kind === 'key' ? o[s.key] : Object.fromEntries(s.keys.map((k) => [k, o[k]]));
  }
  if (!Array.isArray(v)) throw invalidArgument(`filter: an index needs a list, got ${JSON.stringify(v)}`);
  const at = (i: number) => v[i < 0 ? v.length + i : i];
  if (s.kind === 'index') return at(s.index);
  if (s.kind === 'indices') return s.indices.map(at);
  return v.slice(s.from ?? 0, s.to ?? v.length);
}
