/**
 * The JSON form of a record, as in the conformance fixtures' expected.json: tensors as
 * `{ type, values, keys?, shape?, content_type? }`, byte strings in base64, float32 values as the
 * shortest decimal that reads back to the same float32. Non-finite floats are the strings "NaN",
 * "Infinity" and "-Infinity" (protobuf's JSON mapping), since JSON has no such numbers.
 */
import { Buffer } from 'node:buffer';

import { invalidArgument } from '../../../core/index.js';
import { type RecordIORecord, TENSOR_TYPES, type Tensor, type TensorType } from './types.js';

export interface TensorJson {
  type: TensorType;
  values: (number | string)[];
  keys?: number[];
  shape?: number[];
  content_type?: string;
}

export interface RecordJson {
  features: Record<string, TensorJson>;
  label?: Record<string, TensorJson>;
  uid?: string;
  metadata?: string;
  configuration?: string;
}

const STRING_FIELDS = ['uid', 'metadata', 'configuration'] as const;
const RECORD_FIELDS = ['features', 'label', ...STRING_FIELDS];
const TENSOR_FIELDS = ['type', 'values', 'keys', 'shape', 'content_type'];
const NON_FINITE: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Infinity,
  '-Infinity': -Infinity,
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function recordToJson(record: RecordIORecord): RecordJson {
  const json: RecordJson = { features: mapToJson(record.features) };
  if (record.label !== undefined) json.label = mapToJson(record.label);
  for (const field of STRING_FIELDS) if (record[field] !== undefined) json[field] = record[field];
  return json;
}

function mapToJson(map: Record<string, Tensor>): Record<string, TensorJson> {
  const out: Record<string, TensorJson> = {};
  for (const [key, t] of Object.entries(map)) define(out, key, tensorToJson(t));
  return out;
}

function tensorToJson(t: Tensor): TensorJson {
  if (t.type === 'bytes') {
    const values = (t.values as Uint8Array[]).map((v) =>
      Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
    );
    return t.contentType === undefined
      ? { type: t.type, values }
      : { type: t.type, values, content_type: t.contentType };
  }
  const toJson = t.type === 'float32' ? float32ToJson : t.type === 'float64' ? float64ToJson : Number;
  const json: TensorJson = { type: t.type, values: Array.from(t.values as ArrayLike<number>, toJson) };
  if (t.keys) json.keys = [...t.keys];
  if (t.shape) json.shape = [...t.shape];
  return json;
}

const nonFinite = (x: number): string => (Number.isNaN(x) ? 'NaN' : x > 0 ? 'Infinity' : '-Infinity');

const float64ToJson = (x: number): number | string => (Number.isFinite(x) ? x : nonFinite(x));

/**
 * The shortest decimal that rounds back to the float32 `x` (as Python or numpy print it). Six digits
 * settle every value a shorter decimal would, so the search starts there.
 */
function float32ToJson(x: number): number | string {
  if (!Number.isFinite(x)) return nonFinite(x);
  for (let digits = 6; digits < 9; digits++) {
    const d = Number(x.toPrecision(digits));
    if (Math.fround(d) === x) return d;
  }
  return Number(x.toPrecision(9));
}

/** Validates the JSON form and builds the record; errors name the field, e.g. "record.features.x.values[2]". */
export function recordFromJson(json: unknown, where = 'record'): RecordIORecord {
  const o = object(json, where, RECORD_FIELDS);
  if (o.features === undefined)
    throw invalidArgument(`${where}.features is missing`, { field: `${where}.features` });
  const record: RecordIORecord = { features: mapFromJson(o.features, `${where}.features`) };
  if (o.label !== undefined) record.label = mapFromJson(o.label, `${where}.label`);
  for (const field of STRING_FIELDS) {
    const value = o[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw fieldError(`${where}.${field}`, 'a string', value);
    record[field] = value;
  }
  return record;
}

function mapFromJson(json: unknown, where: string): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  for (const [key, value] of Object.entries(object(json, where))) {
    define(out, key, tensorFromJson(value, `${where}.${key}`));
  }
  return out;
}

function tensorFromJson(json: unknown, where: string): Tensor {
  const o = object(json, where, TENSOR_FIELDS);
  const type = o.type as TensorType;
  if (!TENSOR_TYPES.includes(type))
    throw fieldError(`${where}.type`, `one of ${TENSOR_TYPES.join(', ')}`, o.type);
  if (!Array.isArray(o.values)) throw fieldError(`${where}.values`, 'an array', o.values);
  const values: unknown[] = o.values;
  if (type === 'bytes') {
    for (const key of ['keys', 'shape'] as const) {
      if (o[key] !== undefined) throw invalidArgument(`${where}.${key}: bytes tensors have no ${key}`);
    }
    const tensor: Tensor = { type, values: values.map((v, i) => base64(v, `${where}.values[${i}]`)) };
    if (o.content_type !== undefined) {
      if (typeof o.content_type !== 'string')
        throw fieldError(`${where}.content_type`, 'a string', o.content_type);
      tensor.contentType = o.content_type;
    }
    return tensor;
  }
  if (o.content_type !== undefined) {
    throw invalidArgument(`${where}.content_type: only bytes tensors have a content type`);
  }
  const tensor: Tensor = { type, values: numbers(type, values, `${where}.values`) };
  if (o.keys !== undefined) tensor.keys = indices(o.keys, `${where}.keys`);
  if (o.shape !== undefined) tensor.shape = indices(o.shape, `${where}.shape`);
  return tensor;
}

function numbers(type: Exclude<TensorType, 'bytes'>, values: unknown[], where: string) {
  if (type === 'int32') {
    return Int32Array.from(values, (v, i) => {
      if (typeof v !== 'number' || !Number.isInteger(v) || v < -(2 ** 31) || v >= 2 ** 31) {
        throw fieldError(`${where}[${i}]`, 'a 32-bit integer', v);
      }
      return v;
    });
  }
  const float = (v: unknown, i: number): number => {
    if (typeof v === 'number') return v;
    if (typeof v === 'string' && Object.hasOwn(NON_FINITE, v)) return NON_FINITE[v]!;
    throw fieldError(`${where}[${i}]`, 'a number', v);
  };
  return type === 'float32' ? Float32Array.from(values, float) : Float64Array.from(values, float);
}

function indices(json: unknown, where: string): number[] {
  if (!Array.isArray(json)) throw fieldError(where, 'an array', json);
  return json.map((v: unknown, i) => {
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
      throw fieldError(`${where}[${i}]`, 'a whole number in [0, 2^53)', v);
    }
    return v;
  });
}

function base64(v: unknown, where: string): Uint8Array {
  if (typeof v !== 'string' || !BASE64.test(v)) throw fieldError(where, 'a base64 string', v);
  return new Uint8Array(Buffer.from(v, 'base64'));
}

function object(json: unknown, where: string, allowed?: readonly string[]): Record<string, unknown> {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw fieldError(where, 'an object', json);
  const o = json as Record<string, unknown>;
  const unknown = allowed && Object.keys(o).find((k) => !allowed.includes(k));
  if (unknown) {
    throw invalidArgument(`${where}: unknown field '${unknown}' (expected ${allowed.join(', ')})`, {
      field: `${where}.${unknown}`,
    });
  }
  return o;
}

function fieldError(where: string, expected: string, got: unknown) {
  const shown = got === undefined ? 'nothing' : (JSON.stringify(got)?.slice(0, 40) ?? String(got));
  return invalidArgument(`${where}: expected ${expected}, got ${shown}`, { field: where });
}

/** Adds a key, including '__proto__', as an own enumerable property. */
function define<T>(map: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__') Object.defineProperty(map, key, { value, enumerable: true, writable: true });
  else map[key] = value;
}
