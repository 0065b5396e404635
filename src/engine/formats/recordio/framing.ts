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

/**
 * Where each record of a RecordIO file ends (byte offsets), reading only the frame headers: a
 * record is one frame, or MXNet's start/middle/end frames (continuation flag 1, 2, 3) together.
 * Lets a file be cut into batches of whole records without decoding them. Errors name the offset.
 */
export function recordEnds(bytes: Uint8Array, name = 'RecordIO data'): number[] {
  const ends: number[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    if (pos + HEADER_SIZE > bytes.length)
      throw invalidArgument(`${name}: a frame header is cut off at byte ${pos}`, { offset: pos });
    if (readUint32LE(bytes, pos) !== MAGIC)
      throw invalidArgument(`${name}: bad magic at byte ${pos}`, { offset: pos });
    const word = readUint32LE(bytes, pos + 4);
    const flag = word >>> 29;
    pos += HEADER_SIZE + paddedLength(word & LENGTH_MASK);
    if (pos > bytes.length) throw invalidArgument(`${name}: a record is cut off at its end`, { offset: pos });
    if (flag === 0 || flag === 3) ends.push(pos);
  }
  return ends;
}
