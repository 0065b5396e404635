import { Buffer } from 'node:buffer';

import { PlatformError } from '../../../core/index.js';
import { readUint32LE } from './framing.js';
import { decodeRecord } from './record-decoder.js';
import type { ReadRecordIOOptions, RecordIORecord } from './types.js';
import { HEADER_SIZE, hex32, LENGTH_MASK, MAGIC, paddedLength } from './wire.js';

const MAGIC_BYTES = new Uint8Array([0x0a, 0x23, 0xd7, 0xce]);
const EMPTY = new Uint8Array(0);

/**
 * Streams the records of a RecordIO-protobuf file from chunks of any size (e.g. a `fs.ReadStream`).
 * Memory stays bounded: a frame that lies within one chunk is decoded in place, one that spans chunks
 * is gathered in a single reused buffer, so about the largest record (at most twice) is held beyond
 * the current chunk. Records share no memory with the chunks. Errors are PlatformErrors naming the file,
 * record index and byte offset, e.g. "data.recordio: record 3 at byte 1208: bad magic 0x12345678
 * (expected 0xced7230a)"; a truncated file is one of them.
 */
export async function* readRecordIO(
  source: AsyncIterable<Uint8Array>,
  options: ReadRecordIOOptions = {},
): AsyncGenerator<RecordIORecord> {
  const scanner = new FrameScanner(options.path);
  for await (const input of source) {
    if (!(input instanceof Uint8Array)) throw scanner.error(`expected binary chunks, got ${typeof input}`);
    // A plain Uint8Array view of a Buffer: Buffer's own subarray() costs several times more.
    const chunk = new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    let pos = 0;
    while (pos < chunk.length) {
      pos = scanner.feed(chunk, pos);
      const record = scanner.take();
      if (record) yield record;
    }
  }
  scanner.end();
}

/** A state machine over the byte stream: a header of 8 bytes, then a body of payload + padding. */
class FrameScanner {
  readonly #path: string | undefined;
  #inHeader = true;
  /** Bytes of the current unit (header or body) and how many are gathered in #pending so far. */
  #need = HEADER_SIZE;
  #fill = 0;
  #pending = new Uint8Array(HEADER_SIZE);
  #length = 0;
  #flag = 0;
  /** File offsets of the current frame and of the record it belongs to (they differ for multi-part records). */
  #frameStart = 0;
  #recordStart = 0;
  #index = 0;
  /** Parts of a record split by MXNet's continuation flag. */
  #parts: Uint8Array[] | undefined;
  #ready: RecordIORecord | undefined;

  constructor(path: string | undefined) {
    this.#path = path;
  }

  /** Consumes bytes from `chunk` at `pos` up to the end of the current unit; returns the new position. */
  feed(chunk: Uint8Array, pos: number): number {
    const need = this.#need;
    const available = chunk.length - pos;
    if (this.#fill === 0 && available >= need) {
      this.#complete(chunk.subarray(pos, pos + need));
      return pos + need;
    }
    const take = Math.min(need - this.#fill, available);
    this.#reserve(this.#fill + take);
    this.#pending.set(chunk.subarray(pos, pos + take), this.#fill);
    this.#fill += take;
    if (this.#fill === need) {
      this.#fill = 0;
      this.#complete(this.#pending.subarray(0, need));
    }
    return pos + take;
  }

  /**
   * Grows #pending to hold `size` bytes, doubling up to the unit's size: the buffer grows with the
   * bytes that actually arrive, so a corrupt length on a truncated file allocates nothing extra.
   */
  #reserve(size: number): void {
    if (size <= this.#pending.length) return;
    const grown = new Uint8Array(Math.min(this.#need, Math.max(size, this.#pending.length * 2)));
    grown.set(this.#pending.subarray(0, this.#fill));
    this.#pending = grown;
  }

  /** The record completed by the last feed(), once. */
  take(): RecordIORecord | undefined {
    const record = this.#ready;
    this.#ready = undefined;
    return record;
  }

  /** At the end of the input: throws unless it fell between two records. */
  end(): void {
    if (this.#inHeader && this.#fill > 0) {
      throw this.error(`truncated header: the input ends after ${this.#fill} of ${HEADER_SIZE} bytes`);
    }
    if (!this.#inHeader) {
      throw this.error(
        `truncated record: the header gives ${this.#length} payload bytes (${this.#need} with padding), ` +
          `the input ends after ${this.#fill}`,
      );
    }
    if (this.#parts) {
      throw this.error('the input ends inside a multi-part record', this.#recordStart);
    }
  }

  error(problem: string, at = this.#frameStart, cause?: unknown): PlatformError {
    const path = this.#path;
    return new PlatformError(
      'invalid_argument',
      `${path ? `${path}: ` : ''}record ${this.#index} at byte ${at}: ${problem}`,
      { ...(path ? { path } : {}), record: this.#index, offset: at },
      cause === undefined ? undefined : { cause },
    );
  }

  #complete(unit: Uint8Array): void {
    if (this.#inHeader) {
      const magic = readUint32LE(unit, 0);
      if (magic !== MAGIC) throw this.error(`bad magic ${hex32(magic)} (expected ${hex32(MAGIC)})`);
      const word = readUint32LE(unit, 4);
      this.#length = word & LENGTH_MASK;
      this.#flag = word >>> 29;
      this.#inHeader = false;
      this.#need = paddedLength(this.#length);
      if (this.#need === 0) this.#complete(EMPTY);
      return;
    }
    const payload = unit.subarray(0, this.#length);
    // As dmlc-core's RecordIOReader: flags 1 and 2 start or continue a record whose parts were split
    // where the payload held the magic number; 0 and 3 end one. SageMaker's writers never split.
    const whole = this.#flag === 0 || this.#flag === 3;
    if (whole && !this.#parts) this.#ready = this.#decode(payload);
    else {
      this.#parts ??= [];
      const parts = this.#parts;
      parts.push(new Uint8Array(payload)); // a copy: the chunk or #pending is reused
      if (whole) {
        this.#ready = this.#decode(Buffer.concat(parts));
        this.#parts = undefined;
      } else parts.push(MAGIC_BYTES);
    }
    this.#frameStart += HEADER_SIZE + this.#need;
    if (!this.#parts) this.#recordStart = this.#frameStart;
    this.#inHeader = true;
    this.#need = HEADER_SIZE;
  }

  #decode(payload: Uint8Array): RecordIORecord {
    try {
      const record = decodeRecord(payload);
      this.#index++;
      return record;
    } catch (err) {
      throw this.error((err as Error).message, this.#recordStart, err);
    }
  }
}

/** Every record of an in-memory RecordIO payload (e.g. an invocation body), checked as readRecordIO does. */
export function decodeRecordIO(bytes: Uint8Array, name?: string): RecordIORecord[] {
  const scanner = new FrameScanner(name);
  const records: RecordIORecord[] = [];
  for (let pos = 0; pos < bytes.length; ) {
    pos = scanner.feed(bytes, pos);
    const record = scanner.take();
    if (record) records.push(record);
  }
  scanner.end();
  return records;
}
