/**
 * RecordIO framing as SageMaker writes it: little-endian magic 0xCED7230A, little-endian uint32 length
 * (low 29 bits; the top 3 are MXNet's continuation flag), the payload, zero padding to a multiple of 4.
 */
import { invalidArgument } from '../../../core/index.js';
import { HEADER_SIZE, LENGTH_MASK, MAGIC, paddedLength } from './wire.js';

/** The size of a framed record whose payload is `payloadLength` bytes. */
export function frameSize(payloadLength: number): number {
  if (payloadLength > LENGTH_MASK) {
    throw invalidArgument(
      `a record payload of ${payloadLength} bytes is over RecordIO's limit of ${LENGTH_MASK} bytes`,
    );
  }
  return HEADER_SIZE + paddedLength(payloadLength);
}

/** Frames one protobuf payload: header, payload, padding (one copy of the payload). */
export function frameRecord(payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(frameSize(payload.length)); // zero-filled, so the padding is too
  writeHeader(out, 0, payload.length);
  out.set(payload, HEADER_SIZE);
  return out;
}

export function writeHeader(buf: Uint8Array, at: number, payloadLength: number): void {
  const view = new DataView(buf.buffer, buf.byteOffset + at, HEADER_SIZE);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, payloadLength, true);
}

export const readUint32LE = (buf: Uint8Array, at: number): number =>
  (buf[at]! | (buf[at + 1]! << 8) | (buf[at + 2]! << 16) | (buf[at + 3]! << 24)) >>> 0;
