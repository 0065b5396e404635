import { invalidState } from '../../../core/index.js';
import { frameSize } from './framing.js';
import { checkWritten, planRecord, WRITER_SLACK, writeRecord, writerWithCapacity } from './record-encoder.js';
import type { RecordIORecord, RecordIOWriterOptions } from './types.js';
import { HEADER_SIZE, MAGIC, type PbWriter } from './wire.js';

const DEFAULT_BUFFER_SIZE = 256 * 1024;
/** Zero padding by length, 0 to 3 bytes. */
const PADDING = [0, 1, 2, 3].map((n) => new Uint8Array(n));

export type RecordIOSink = (chunk: Uint8Array) => Promise<void> | void;

/**
 * Frames records straight into a large buffer and hands each full buffer to `sink`, e.g.
 * `(chunk) => handle.write(chunk).then(() => {})` for a `FileHandle`, or a Writable's write wrapped
 * to wait for 'drain'. A chunk passed to the sink is never touched again, so the sink may keep it.
 * Sink calls never overlap. Double buffering: while the sink writes one buffer the next one fills,
 * and `write()` waits when a third would be needed, so memory stays at about two buffers. A sink
 * failure rejects a later `write()` (the one that would need its buffer back) and `close()`.
 */
export class RecordIOWriter {
  readonly #sink: RecordIOSink;
  readonly #bufferSize: number;
  readonly #sizes: number[] = [];
  #w: PbWriter | undefined;
  /** The last sink call, and the one before it (what a write waits for). */
  #flushed: Promise<void> = Promise.resolve();
  #previous: Promise<void> = this.#flushed;
  #closed = false;
  #bytes = 0;
  #records = 0;

  constructor(sink: RecordIOSink, options: RecordIOWriterOptions = {}) {
    this.#sink = sink;
    this.#bufferSize = Math.max(1, Math.floor(options.bufferSize ?? DEFAULT_BUFFER_SIZE));
  }

  /** Framed bytes accepted so far, including those still buffered until the next flush or `close()`. */
  get bytesWritten(): number {
    return this.#bytes;
  }

  /** Records accepted so far. */
  get records(): number {
    return this.#records;
  }

  /**
   * Encodes and buffers one record; an invalid record is refused before anything is written. The
   * promise settles once the sink is done with all but the last buffer (at once, most of the time).
   */
  write(record: RecordIORecord): Promise<void> {
    try {
      this.#append(record);
    } catch (err) {
      return Promise.reject(err);
    }
    return this.#previous;
  }

  // Not async, and no await per record: the per-record promise machinery cost as much as encoding.
  #append(record: RecordIORecord): void {
    if (this.#closed) throw invalidState('RecordIOWriter is closed');
    const sizes = this.#sizes;
    sizes.length = 0;
    const payload = planRecord(record, sizes);
    const frame = frameSize(payload);
    if (this.#w && this.#w.pos + frame + WRITER_SLACK > this.#w.buf.length) this.#flush();
    this.#w ??= writerWithCapacity(Math.max(this.#bufferSize, frame));
    const w = this.#w;
    const start = w.pos;
    w.fixed32(MAGIC).fixed32(payload);
    writeRecord(w, record, sizes);
    w.raw(PADDING[frame - HEADER_SIZE - payload]!);
    checkWritten(w.pos - start, frame);
    this.#bytes += frame;
    this.#records++;
    if (w.pos >= this.#bufferSize) this.#flush();
  }

  /** Flushes what is buffered and waits for the sink; later writes throw. Closing twice is a no-op. */
  async close(): Promise<void> {
    if (!this.#closed) {
      this.#closed = true;
      this.#flush();
    }
    await this.#flushed;
  }

  #flush(): void {
    const w = this.#w;
    this.#w = undefined;
    if (!w || w.pos === 0) return;
    const chunk = w.finish(true); // hands the writer's buffer over: no copy, and it is not reused
    const sink = this.#sink;
    this.#previous = this.#flushed;
    this.#flushed = this.#previous.then(() => sink(chunk));
    // Marks a failure as handled until a write() or close() reports it: no unhandled rejection.
    this.#flushed.catch(() => undefined);
  }
}

/**
 * Every record framed into one buffer (e.g. an invocation response), byte for byte what
 * RecordIOWriter writes; `decodeRecordIO` reads it back. An invalid record is refused before anything
 * is written. The result owns its whole ArrayBuffer (no pooled slab), so it can be transferred to
 * another thread as it is.
 */
export function encodeRecordIO(records: readonly RecordIORecord[]): Uint8Array {
  const plans = records.map((record) => {
    const sizes: number[] = [];
    const payload = planRecord(record, sizes);
    return { sizes, payload, frame: frameSize(payload) };
  });
  const total = plans.reduce((n, p) => n + p.frame, 0);
  const w = writerWithCapacity(total);
  plans.forEach((p, i) => {
    w.fixed32(MAGIC).fixed32(p.payload);
    writeRecord(w, records[i]!, p.sizes);
    w.raw(PADDING[p.frame - HEADER_SIZE - p.payload]!);
  });
  checkWritten(w.pos, total);
  const bytes = w.finish();
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
    ? new Uint8Array(bytes.buffer)
    : new Uint8Array(bytes); // a copy: small Buffers are views into a shared pool
}
