/**
 * Decodes `aialgs.data.Record` over protobufjs's Reader (see record-encoder.ts for why not reflection).
 * Packed float32/float64 values are copied as one block into fresh, hence aligned, memory.
 * As proto2 requires, the non-packed encoding of the packed fields is accepted too (and several
 * chunks of one field are concatenated), unknown fields are skipped, and a later map key or Value
 * wins (a repeated tensor message replaces rather than merges). The result never shares memory
 * with `payload`; small arrays of different records may share one slab (see SLAB_SIZE).
 */
import { PlatformError } from '../../../core/index.js';
import type { RecordIORecord, Tensor, TensorType } from './types.js';
import {
  BYTES,
  ENTRY,
  LITTLE_ENDIAN,
  type PbReader,
  RECORD,
  Reader,
  TENSOR,
  VALUE_TAG,
  WIRE_FIXED32,
  WIRE_FIXED64,
  WIRE_VARINT,
} from './wire.js';

type NumericType = Exclude<TensorType, 'bytes'>;
type NumericArray = Float32Array | Float64Array | Int32Array;

const ARRAY_CLASS = { float32: Float32Array, float64: Float64Array, int32: Int32Array } as const;
/** Wire type of one non-packed value. */
const SCALAR_WIRE = { float32: WIRE_FIXED32, float64: WIRE_FIXED64, int32: WIRE_VARINT } as const;
const TENSOR_OF_TAG = new Map<number, TensorType>(
  Object.entries(VALUE_TAG).map(([type, tag]) => [tag, type as TensorType]),
);

/** Thrown inside the decoder; decodeRecord turns it into a PlatformError naming the payload offset. */
class WireError extends Error {}

/** Decodes one record's protobuf payload (no RecordIO framing). */
export function decodeRecord(payload: Uint8Array): RecordIORecord {
  const r = Reader.create(payload);
  try {
    return readRecord(r);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new PlatformError(
      'invalid_argument',
      `malformed Record payload at payload byte ${Math.min(r.pos, payload.length)}: ${reason}`,
      { payloadOffset: r.pos },
      { cause: err },
    );
  }
}

function readRecord(r: PbReader): RecordIORecord {
  const record: RecordIORecord = { features: {} };
  while (r.pos < r.len) {
    const tag = r.tag();
    if (tag === RECORD.features) readEntry(r, record.features, 'features');
    else if (tag === RECORD.label) {
      record.label ??= {};
      readEntry(r, record.label, 'label');
    } else if (tag === RECORD.uid) record.uid = r.string();
    else if (tag === RECORD.metadata) record.metadata = r.string();
    else if (tag === RECORD.configuration) record.configuration = r.string();
    else skip(r, tag);
  }
  return record;
}

/** Reads a length prefix and limits the reader to that message; returns the limit to restore. */
function enter(r: PbReader): number {
  const length = r.uint32();
  const outer = r.len;
  if (length > outer - r.pos) {
    throw new WireError(`length ${length} runs past the enclosing message (${outer - r.pos} bytes left)`);
  }
  r.len = r.pos + length;
  return outer;
}

function skip(r: PbReader, tag: number): void {
  r.skipType(tag & 7, 0, tag >>> 3);
}

function readEntry(r: PbReader, map: Record<string, Tensor>, name: string): void {
  const outer = enter(r);
  let key = '';
  let tensor: Tensor | undefined;
  while (r.pos < r.len) {
    const tag = r.tag();
    if (tag === ENTRY.key) key = r.string();
    else if (tag === ENTRY.value) tensor = readValue(r) ?? tensor;
    else skip(r, tag);
  }
  r.len = outer;
  if (!tensor) throw new WireError(`${name}['${key}'] holds no tensor`);
  // A plain assignment to '__proto__' would set the prototype instead of adding a key.
  if (key === '__proto__')
    Object.defineProperty(map, key, { value: tensor, enumerable: true, writable: true });
  else map[key] = tensor;
}

function readValue(r: PbReader): Tensor | undefined {
  const outer = enter(r);
  let tensor: Tensor | undefined;
  while (r.pos < r.len) {
    const tag = r.tag();
    const type = TENSOR_OF_TAG.get(tag);
    if (type === 'bytes') tensor = readBytes(r);
    else if (type) tensor = readNumeric(r, type);
    else skip(r, tag);
  }
  r.len = outer;
  return tensor;
}

function readNumeric(r: PbReader, type: NumericType): Tensor {
  const outer = enter(r);
  const parts: NumericArray[] = [];
  let keys: number[] | undefined;
  let shape: number[] | undefined;
  while (r.pos < r.len) {
    const tag = r.tag();
    if (tag === TENSOR.values) parts.push(readPackedValues(r, type));
    else if (tag === ((1 << 3) | SCALAR_WIRE[type])) parts.push(readScalar(r, type));
    else if (tag === TENSOR.keys) keys = readPackedUint53s(r, keys ?? []);
    else if (tag === ((2 << 3) | WIRE_VARINT)) keys = pushUint53(r, keys ?? []);
    else if (tag === TENSOR.shape) shape = readPackedUint53s(r, shape ?? []);
    else if (tag === ((3 << 3) | WIRE_VARINT)) shape = pushUint53(r, shape ?? []);
    else skip(r, tag);
  }
  r.len = outer;
  const tensor: Tensor = { type, values: concat(type, parts) };
  if (keys) tensor.keys = keys;
  if (shape) tensor.shape = shape;
  return tensor;
}

function readBytes(r: PbReader): Tensor {
  const outer = enter(r);
  const values: Uint8Array[] = [];
  let contentType: string | undefined;
  while (r.pos < r.len) {
    const tag = r.tag();
    if (tag === BYTES.value)
      values.push(new Uint8Array(r.bytes())); // a copy, not a view of the input
    else if (tag === BYTES.contentType) contentType = r.string();
    else skip(r, tag);
  }
  r.len = outer;
  const tensor: Tensor = { type: 'bytes', values };
  if (contentType !== undefined) tensor.contentType = contentType;
  return tensor;
}

function readPackedValues(r: PbReader, type: NumericType): NumericArray {
  const length = r.uint32();
  const start = r.pos;
  if (length > r.len - start) throw new WireError(`packed ${type} values run past their message`);
  if (type === 'int32') return readPackedInt32s(r, start + length);
  const width = type === 'float32' ? 4 : 8;
  if (length % width !== 0) {
    throw new WireError(`packed ${type} length ${length} is not a multiple of ${width}`);
  }
  r.pos = start + length;
  const buf = r.buf;
  if (!LITTLE_ENDIAN) {
    const view = new DataView(buf.buffer, buf.byteOffset + start, length);
    const out = new ARRAY_CLASS[type](length / width);
    for (let i = 0; i < out.length; i++) {
      out[i] = type === 'float32' ? view.getFloat32(i * 4, true) : view.getFloat64(i * 8, true);
    }
    return out;
  }
  // Fast path: one block copy into fresh memory, which is aligned whatever the payload's offset is
  // (a typed-array view of the payload itself would need 4- or 8-byte alignment, and pin the input).
  const bytes = buf.subarray(start, start + length);
  if (length > SLAB_ITEM_MAX) {
    const out = new ARRAY_CLASS[type](length / width);
    new Uint8Array(out.buffer).set(bytes);
    return out;
  }
  const at = slabOffset(length);
  slabBytes.set(bytes, at);
  return new ARRAY_CLASS[type](slab, at, length / width);
}

/**
 * Decoded arrays of up to 8 KiB are carved from shared 64 KiB slabs, as Node's Buffer pool does:
 * each typed array over 64 bytes otherwise gets its own off-heap allocation, which cost more than
 * the rest of decoding a dense record. So arrays may share `.buffer`: use byteOffset/byteLength.
 */
const SLAB_SIZE = 64 * 1024;
const SLAB_ITEM_MAX = 8 * 1024;
let slab = new ArrayBuffer(SLAB_SIZE);
let slabBytes = new Uint8Array(slab);
let slabUsed = 0;

/** Reserves `length` bytes, 8-aligned, in the current slab (starting a new one if full). */
function slabOffset(length: number): number {
  if (slabUsed + length > SLAB_SIZE) {
    slab = new ArrayBuffer(SLAB_SIZE);
    slabBytes = new Uint8Array(slab);
    slabUsed = 0;
  }
  const at = slabUsed;
  slabUsed += (length + 7) & ~7;
  return at;
}

function readPackedInt32s(r: PbReader, end: number): Int32Array {
  const buf = r.buf;
  let count = 0; // every varint ends in exactly one byte below 0x80
  for (let i = r.pos; i < end; i++) if (buf[i]! < 0x80) count++;
  let out: Int32Array;
  if (count * 4 > SLAB_ITEM_MAX) out = new Int32Array(count);
  else {
    const at = slabOffset(count * 4);
    out = new Int32Array(slab, at, count);
  }
  const outer = r.len;
  r.len = end;
  for (let i = 0; i < count; i++) out[i] = r.int32();
  if (r.pos !== end) throw new WireError('packed int32 values end inside a varint');
  r.len = outer;
  return out;
}

function readScalar(r: PbReader, type: NumericType): NumericArray {
  if (type === 'float32') return Float32Array.of(r.float());
  if (type === 'float64') return Float64Array.of(r.double());
  return Int32Array.of(r.int32());
}

function concat(type: NumericType, parts: NumericArray[]): NumericArray {
  if (parts.length === 1) return parts[0]!;
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new ARRAY_CLASS[type](length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function readPackedUint53s(r: PbReader, into: number[]): number[] {
  const outer = enter(r);
  while (r.pos < r.len) into.push(readUint53(r));
  r.len = outer;
  return into;
}

function pushUint53(r: PbReader, into: number[]): number[] {
  into.push(readUint53(r));
  return into;
}

/**
 * A uint64 varint as a number. Reader.uint64() would return a Long object per value; keys and
 * shapes are column indices, so numbers are enough, and anything past 2^53 - 1 is refused.
 */
function readUint53(r: PbReader): number {
  const buf = r.buf;
  let pos = r.pos;
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10 && pos < r.len; i++) {
    const b = buf[pos++]!;
    value += (b & 0x7f) * scale;
    if (b < 0x80) {
      r.pos = pos;
      if (value > Number.MAX_SAFE_INTEGER) throw new WireError(`uint64 ${value} is above 2^53 - 1`);
      return value;
    }
    scale *= 0x80;
  }
  throw new WireError(pos >= r.len ? 'truncated varint' : 'varint longer than 10 bytes');
}
