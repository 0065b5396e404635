/**
 * Wire constants of `aialgs.data.Record` (proto2) and RecordIO framing, and the protobufjs primitives
 * the codec is written over. Tags are `field << 3 | wireType`; every tag here fits in one byte.
 */
import protobuf from 'protobufjs/minimal.js';

import type { TensorType } from './types.js';

// protobufjs is CommonJS: its default export is the module object, which works under tsx and tsc alike.
export const { Reader, Writer } = protobuf;
export type { Reader as PbReader, Writer as PbWriter } from 'protobufjs/minimal.js';

/** Record: features = 1 (map), label = 2 (map), uid = 3, metadata = 4, configuration = 5. */
export const RECORD = {
  features: 0x0a,
  label: 0x12,
  uid: 0x1a,
  metadata: 0x22,
  configuration: 0x2a,
} as const;
/** A map entry: key = 1 (string), value = 2 (Value). */
export const ENTRY = { key: 0x0a, value: 0x12 } as const;
/** Value's oneof: float32_tensor = 2, float64_tensor = 3, int32_tensor = 7, bytes = 9. */
export const VALUE_TAG: Readonly<Record<TensorType, number>> = {
  float32: 0x12,
  float64: 0x1a,
  int32: 0x3a,
  bytes: 0x4a,
};
/** Float32Tensor / Float64Tensor / Int32Tensor: values = 1, keys = 2, shape = 3 (all packed). */
export const TENSOR = { values: 0x0a, keys: 0x12, shape: 0x1a } as const;
/** Bytes: value = 1 (repeated bytes), content_type = 2. */
export const BYTES = { value: 0x0a, contentType: 0x12 } as const;

export const WIRE_VARINT = 0;
export const WIRE_FIXED64 = 1;
export const WIRE_DELIMITED = 2;
export const WIRE_FIXED32 = 5;

/** RecordIO framing: magic, then the payload length whose top 3 bits are MXNet's continuation flag. */
export const MAGIC = 0xced7230a;
export const HEADER_SIZE = 8;
export const LENGTH_MASK = 0x1fffffff;

/** Typed-array bytes are the wire bytes only on a little-endian host (all mainstream ones). */
export const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Payload plus zero padding to a multiple of 4. */
export const paddedLength = (length: number): number => (length + 3) & ~3;

export const hex32 = (n: number): string => `0x${n.toString(16).padStart(8, '0')}`;

/** Bytes of `n` (0 <= n < 2^53) as a varint. */
export function varintSize(n: number): number {
  if (n < 0x80) return 1;
  if (n < 0x4000) return 2;
  if (n < 0x200000) return 3;
  if (n < 0x10000000) return 4;
  let size = 4;
  for (let rest = Math.floor(n / 0x10000000); rest > 0; rest = Math.floor(rest / 0x80)) size++;
  return size;
}
