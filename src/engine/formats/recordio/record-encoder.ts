/**
 * Encodes `aialgs.data.Record`.
 *
 * The message codec is written by hand over protobufjs's low-level Writer instead of a reflected
 * `Type`: reflection would turn every tensor into a `number[]` and write it value by value, while
 * here packed float32/float64 values go out as one block copy of the typed array's bytes (and are
 * read back the same way), which is what keeps dense records well above 100 MB/s. Lengths are
 * computed up front (`planRecord`), so nested messages are written once, never shifted in place.
 * Fields go out in field-number order and empty repeated fields are left out, as protobuf's own
 * serializers do, so the bytes match what SageMaker's Python tooling writes.
 */
import { Buffer } from 'node:buffer';

import { invalidArgument, PlatformError } from '../../../core/index.js';
import { type RecordIORecord, TENSOR_TYPES, type Tensor } from './types.js';
import {
  BYTES,
  ENTRY,
  LITTLE_ENDIAN,
  type PbWriter,
  RECORD,
  TENSOR,
  VALUE_TAG,
  varintSize,
  Writer,
} from './wire.js';

const ARRAY_CLASS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;

const delimitedSize = (length: number) => varintSize(length) + length;

/** Validates `record` and returns its payload size; pushes per map entry [tensor body, entry body] to `sizes`. */
export function planRecord(record: RecordIORecord, sizes: number[]): number {
  if (typeof record !== 'object' || record === null) throw invalidArgument('a record must be an object');
  let size = planMap(record.features, 'features', sizes);
  if (record.label !== undefined) size += planMap(record.label, 'label', sizes);
  for (const field of ['uid', 'metadata', 'configuration'] as const) {
    const value = record[field];
    if (value === undefined) continue;
    if (typeof value !== 'string') throw invalidArgument(`${field} must be a string, got ${typeof value}`);
    size += 1 + delimitedSize(Buffer.byteLength(value));
  }
  return size;
}

function planMap(map: Record<string, Tensor>, name: string, sizes: number[]): number {
  if (typeof map !== 'object' || map === null) throw invalidArgument(`${name} must be an object of tensors`);
  let size = 0;
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    const body = planTensor(map[key]!, `${name}['${key}']`);
    const entry = 1 + delimitedSize(Buffer.byteLength(key)) + 1 + delimitedSize(1 + delimitedSize(body));
    sizes.push(body, entry);
    size += 1 + delimitedSize(entry);
  }
  return size;
}

/** The size of the tensor message (Float32Tensor, ..., Bytes) inside its Value. */
function planTensor(t: Tensor, where: string): number {
  if (typeof t !== 'object' || t === null || !TENSOR_TYPES.includes(t.type)) {
    throw invalidArgument(`${where}: type must be one of float32, float64, int32, bytes`);
  }
  if (t.type === 'bytes') return planBytes(t, where);
  const values = t.values;
  if (!(values instanceof ARRAY_CLASS[t.type])) {
    throw invalidArgument(`${where}: ${t.type} values must be a ${ARRAY_CLASS[t.type].name}`);
  }
  if (t.contentType !== undefined) throw invalidArgument(`${where}: contentType is for bytes tensors only`);
  let size = 0;
  if (values.length > 0) {
    size += 1 + delimitedSize(t.type === 'int32' ? int32sSize(values as Int32Array) : values.byteLength);
  }
  if (t.keys?.length) size += 1 + delimitedSize(uint53sSize(t.keys, `${where}.keys`));
  if (t.shape?.length) size += 1 + delimitedSize(uint53sSize(t.shape, `${where}.shape`));
  return size;
}

function planBytes(t: Tensor, where: string): number {
  if (!Array.isArray(t.values))
    throw invalidArgument(`${where}: bytes values must be an array of Uint8Array`);
  if (t.keys !== undefined || t.shape !== undefined) {
    throw invalidArgument(`${where}: bytes tensors have no keys or shape`);
  }
  let size = 0;
  for (const [i, value] of t.values.entries()) {
    if (!(value instanceof Uint8Array)) throw invalidArgument(`${where}.values[${i}]: expected a Uint8Array`);
    size += 1 + delimitedSize(value.length);
  }
  if (t.contentType !== undefined) {
    if (typeof t.contentType !== 'string') throw invalidArgument(`${where}.contentType must be a string`);
    size += 1 + delimitedSize(Buffer.byteLength(t.contentType));
  }
  return size;
}

function int32sSize(values: Int32Array): number {
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    size += v < 0 ? 10 : varintSize(v); // negative int32 is sign-extended to 64 bits
  }
  return size;
}

function uint53sSize(values: readonly number[], where: string): number {
  if (!Array.isArray(values)) throw invalidArgument(`${where} must be an array of numbers`);
  let size = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isSafeInteger(v) || v < 0) {
      throw invalidArgument(`${where}[${i}]: ${v} is not a whole number in [0, 2^53)`);
    }
    size += varintSize(v);
  }
  return size;
}

/** Writes the record planned by `planRecord` (same `sizes`, consumed in the same order). */
export function writeRecord(w: PbWriter, record: RecordIORecord, sizes: readonly number[]): void {
  let next = writeMap(w, RECORD.features, record.features, sizes, 0);
  if (record.label !== undefined) next = writeMap(w, RECORD.label, record.label, sizes, next);
  if (record.uid !== undefined) w.uint32(RECORD.uid).string(record.uid);
  if (record.metadata !== undefined) w.uint32(RECORD.metadata).string(record.metadata);
  if (record.configuration !== undefined) w.uint32(RECORD.configuration).string(record.configuration);
}

function writeMap(
  w: PbWriter,
  tag: number,
  map: Record<string, Tensor>,
  sizes: readonly number[],
  next: number,
): number {
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    const t = map[key]!;
    const body = sizes[next++]!;
    w.uint32(tag).uint32(sizes[next++]!);
    w.uint32(ENTRY.key).string(key);
    w.uint32(ENTRY.value).uint32(1 + delimitedSize(body));
    w.uint32(VALUE_TAG[t.type]).uint32(body);
    if (t.type === 'bytes') writeBytes(w, t);
    else writeNumeric(w, t);
  }
  return next;
}

function writeNumeric(w: PbWriter, t: Tensor): void {
  const values = t.values as Float32Array | Float64Array | Int32Array;
  if (values.length > 0) {
    w.uint32(TENSOR.values);
    if (values instanceof Int32Array) {
      w.uint32(int32sSize(values));
      for (let i = 0; i < values.length; i++) w.int32(values[i]!);
    } else if (LITTLE_ENDIAN && values.byteLength > 64) {
      // Fast path: the typed array's memory already is the packed little-endian encoding. (V8 keeps
      // arrays of up to 64 bytes on the heap, and asking for their .buffer would move them off it.)
      w.uint32(values.byteLength).raw(new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
    } else {
      w.uint32(values.byteLength);
      if (values instanceof Float32Array) for (const v of values) w.float(v);
      else for (const v of values) w.double(v);
    }
  }
  if (t.keys?.length) writeUint53s(w, TENSOR.keys, t.keys);
  if (t.shape?.length) writeUint53s(w, TENSOR.shape, t.shape);
}

function writeUint53s(w: PbWriter, tag: number, values: readonly number[]): void {
  let size = 0;
  for (const v of values) size += varintSize(v);
  w.uint32(tag).uint32(size);
  // uint32() is the same varint as uint64() for values below 2^32, without a LongBits per value.
  for (const v of values) v <= 0xffffffff ? w.uint32(v) : w.uint64(v);
}

function writeBytes(w: PbWriter, t: Tensor): void {
  for (const value of t.values as Uint8Array[]) w.uint32(BYTES.value).bytes(value);
  if (t.contentType !== undefined) w.uint32(BYTES.contentType).string(t.contentType);
}

/**
 * Room past the planned size: Writer.string() reserves 3 bytes per UTF-16 unit (up to 389 bytes) before
 * it knows the real length. With it, a writer sized by the plan never reallocates.
 */
export const WRITER_SLACK = 512;

/** A protobufjs Writer over a fresh buffer that holds `size` planned bytes without growing. */
export function writerWithCapacity(size: number): PbWriter {
  const w = Writer.create();
  w.buf = Buffer.allocUnsafe(size + WRITER_SLACK);
  w.view = null;
  return w;
}

/** Checks the bytes written against the plan: a mismatch is a bug here, not bad input. */
export function checkWritten(written: number, planned: number): void {
  if (written !== planned) {
    throw new PlatformError('internal', `RecordIO encoder wrote ${written} bytes, planned ${planned}`);
  }
}

/** The protobuf payload of one record (no RecordIO framing). */
export function encodeRecord(record: RecordIORecord): Uint8Array {
  const sizes: number[] = [];
  const size = planRecord(record, sizes);
  const w = writerWithCapacity(size);
  writeRecord(w, record, sizes);
  checkWritten(w.pos, size);
  return w.finish(); // a copy of exactly `size` bytes, without the slack
}
