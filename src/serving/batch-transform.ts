import { createReadStream } from 'node:fs';
import { type FileHandle, readFile } from 'node:fs/promises';
import { basename } from 'node:path';

import { invalidArgument, isPlatformError, PlatformError } from '../core/index.js';
import { recordio } from '../engine/index.js';
import { csvField, type InvocationType, parseCsv, type ResponseType } from './codecs.js';
import type { JsonPath } from './json-path.js';
import type { VariantHost } from './variant-host.js';

export interface TransformOptions {
  readonly contentType: InvocationType;
  /** RecordIO results are binary: no output filter or join (the service refuses them). */
  readonly accept: ResponseType;
  readonly splitType: 'Line' | 'RecordIO' | 'None';
  readonly batchStrategy: 'MultiRecord' | 'SingleRecord';
  readonly maxPayloadBytes: number;
  readonly assembleWith: 'Line' | 'None';
  readonly inputFilter?: JsonPath;
  readonly outputFilter?: JsonPath;
  readonly joinInput: boolean;
  /** Batches in flight at once (about two per model worker). */
  readonly inFlight: number;
}

/** A record as the filters see it: CSV fields, or a parsed JSON value. */
function parseRecord(type: ResponseType, record: string): unknown {
  if (type === 'text/csv') return parseCsv(record)[0] ?? [];
  try {
    return JSON.parse(record);
  } catch (err) {
    throw invalidArgument(`a record is not valid JSON (${(err as Error).message}): ${record.slice(0, 80)}`);
  }
}

function formatRecord(type: ResponseType, value: unknown): string {
  if (type !== 'text/csv') return JSON.stringify(value);
  const fields = Array.isArray(value) ? value : [value];
  return fields
    .map((f) =>
      csvField(
        typeof f === 'number' || typeof f === 'string'
          ? f
          : f === null || f === undefined
            ? null
            : JSON.stringify(f),
      ),
    )
    .join(',');
}

const RECORDIO = 'application/x-recordio-protobuf';

/** The largest block of lines sent at once when records pass through untouched. */
const BLOCK_BYTES = 1 << 20;

/**
 * How results are joined. RecordIO results are concatenated whatever AssembleWith says (SageMaker's
 * own use is AssembleWith None): a record is self-delimiting, its frame header carrying its length,
 * and a line end between two records would break the framing for every reader. Refusing Line
 * instead would make every RecordIO transform spell out None, Line being the default.
 */
const separatorOf = (o: TransformOptions) => (o.accept === RECORDIO || o.assembleWith === 'None' ? '' : '\n');

/** A text answer (CSV, JSON, JSON lines). */
function text(body: string | Uint8Array): string {
  if (typeof body !== 'string') throw new Error('the model answered bytes where text was expected');
  return body;
}

/** A RecordIO answer, kept as it is once it holds one record (found from the frame headers) per input. */
function recordsOf(body: string | Uint8Array, expected: number): Uint8Array {
  if (typeof body === 'string') throw new Error('the model answered text where RecordIO was expected');
  const n = recordio.recordEnds(body, "the model's answer").length;
  if (n !== expected) throw new Error(`the model returned ${n} results for ${expected} records`);
  return body;
}

/** One output record per input record: lines of CSV / JSON lines, or the items of {"predictions": [...]}. */
function splitOutput(accept: ResponseType, body: string, expected: number): string[] {
  const records =
    accept === 'application/json'
      ? ((JSON.parse(body) as { predictions: unknown[] }).predictions ?? []).map((p) => JSON.stringify(p))
      : body.endsWith('\n')
        ? body.slice(0, -1).split('\n')
        : body.split('\n');
  if (records.length !== expected)
    throw new Error(`the model returned ${records.length} results for ${expected} records`);
  return records;
}

/**
 * What is written for each record, SageMaker's order: the input filter picks what the model sees,
 * the model's result is joined with the whole input record (CSV: appended fields; JSON: an object
 * gets a SageMakerOutput key, a list gets the result appended), then the output filter applies.
 */
function assembleRecord(o: TransformOptions, input: string, output: string): string {
  if (!o.joinInput && !o.outputFilter) return output;
  let value: unknown = parseRecord(o.accept, output);
  if (o.joinInput) {
    const source = parseRecord(o.contentType, input);
    if (o.contentType === 'text/csv' && o.accept === 'text/csv')
      value = [...(source as unknown[]), ...(value as unknown[])];
    else if (Array.isArray(source)) value = [...source, value];
    else value = { ...(source as object), SageMakerOutput: value };
  }
  if (o.outputFilter) value = o.outputFilter(value);
  return formatRecord(o.joinInput && o.contentType !== o.accept ? 'application/jsonlines' : o.accept, value);
}

/** Records of one object, read as a stream: lines (Line) or the whole object as one record (None). */
async function* records(path: string, splitType: 'Line' | 'None'): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    if (splitType === 'None') {
      rest += chunk;
      continue;
    }
    const text = rest + (chunk as string);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl > start && text[nl - 1] === '\r' ? nl - 1 : nl);
      if (line !== '') yield line;
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.trim() !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}

/**
 * An object's bytes in blocks of whole lines, each up to about `maxBytes` (a single longer line is a
 * block of its own; the last block gets a final line end), with the count of non-blank lines in
 * each. Bytes, not text: this thread only finds line ends (a '\n' byte is never inside a UTF-8
 * character) and the model workers decode, so it stays free to feed them.
 */
async function* lineBlocks(
  path: string,
  maxBytes: number,
): AsyncGenerator<{ bytes: Uint8Array; records: number }> {
  const emit = (block: Buffer) => {
    let records = 0;
    for (let start = 0; start < block.length; ) {
      let end = block.indexOf(10, start);
      if (end < 0) end = block.length;
      if (end > start && !(end === start + 1 && block[start] === 13)) records++;
      start = end + 1;
    }
    return { bytes: block[block.length - 1] === 10 ? block : Buffer.concat([block, NEWLINE]), records };
  };
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of createReadStream(path, { highWaterMark: Math.min(maxBytes, 1 << 20) })) {
    rest = rest.length === 0 ? (chunk as Buffer) : Buffer.concat([rest, chunk as Buffer]);
    while (rest.length >= maxBytes) {
      let cut = rest.lastIndexOf(10, maxBytes - 1);
      if (cut < 0) cut = rest.indexOf(10);
      if (cut < 0) break;
      const block = emit(rest.subarray(0, cut + 1));
      rest = rest.subarray(cut + 1);
      if (block.records > 0) yield block;
    }
  }
  if (rest.some((b) => b !== 32 && b !== 9 && b !== 10 && b !== 13)) yield emit(rest);
}

const NEWLINE = Buffer.from('\n');

/**
 * Batch results written in the order the batches were sent, joined by the assembly separator, with
 * at most `inFlight` batches outstanding.
 */
class OrderedOutput {
  private readonly pending: Promise<string | Uint8Array>[] = [];
  private first = true;

  constructor(
    private readonly out: FileHandle,
    private readonly separator: string,
    private readonly inFlight: number,
  ) {}

  /** Queues a batch's result; waits (writing the oldest) while too many are outstanding. */
  async push(result: Promise<string | Uint8Array>): Promise<void> {
    // Awaited in order below; until then a failure must not count as unhandled.
    result.catch(() => undefined);
    this.pending.push(result);
    while (this.pending.length >= this.inFlight) await this.write(await this.pending.shift()!);
  }

  /** Writes what is left, then a final line end when the results are lines. */
  async finish(finalNewline: boolean): Promise<void> {
    while (this.pending.length > 0) await this.write(await this.pending.shift()!);
    if (!this.first && finalNewline) await this.out.write('\n');
  }

  private async write(result: string | Uint8Array): Promise<void> {
    if (result.length === 0) return;
    if (!this.first && this.separator !== '') await this.out.write(this.separator);
    // Two calls only because FileHandle.write's overloads take text or bytes, not the union.
    if (typeof result === 'string') await this.out.write(result);
    else await this.out.write(result);
    this.first = false;
  }
}

/** The model numbers rows within its batch; the object's record number is what helps. */
function renumbered(firstRecord: number) {
  return (err: unknown): never => {
    if (!isPlatformError(err) || typeof err.details.row !== 'number') throw err;
    const record = firstRecord + err.details.row;
    throw new PlatformError(err.code, err.message.replace(/^(row|record) \d+/, `record ${record}`), {
      ...err.details,
      row: record,
    });
  };
}

/**
 * RecordIO objects: whole records (found from the frame headers, not decoded here) go to the model
 * in batches of up to MaxPayload bytes (or one by one), and each record's result is one line.
 */
async function transformRecordIO(
  path: string,
  out: FileHandle,
  host: VariantHost,
  o: TransformOptions,
  signal: AbortSignal,
): Promise<number> {
  const bytes = new Uint8Array(await readFile(path));
  const ends = recordio.recordEnds(bytes, basename(path));
  const separator = separatorOf(o);
  const output = new OrderedOutput(out, separator, o.inFlight);
  for (let i = 0, start = 0; i < ends.length; ) {
    signal.throwIfAborted();
    let j = i + 1;
    if (o.batchStrategy === 'MultiRecord')
      while (j < ends.length && ends[j]! - start <= o.maxPayloadBytes) j++;
    const count = j - i;
    await output.push(
      host
        .invoke('application/x-recordio-protobuf', o.accept, bytes.subarray(start, ends[j - 1]!))
        .then(
          (r) =>
            o.accept === RECORDIO
              ? recordsOf(r.body, count)
              : splitOutput(o.accept, text(r.body), count).join(separator),
          renumbered(i),
        ),
    );
    start = ends[j - 1]!;
    i = j;
  }
  await output.finish(separator === '\n');
  return ends.length;
}

/**
 * Scores one input object into `out` (its .out file), keeping record order: records are batched up
 * to MaxPayload (MultiRecord) or one by one (SingleRecord), several batches go to the model workers
 * at once, and results are written in input order as they come back. Returns the records scored.
 */
export async function transformFile(
  path: string,
  out: FileHandle,
  host: VariantHost,
  o: TransformOptions,
  signal: AbortSignal,
): Promise<number> {
  if (o.splitType === 'RecordIO') return transformRecordIO(path, out, host, o, signal);
  let batch: string[] = [];
  let bytes = 0;
  let count = 0;
  const separator = separatorOf(o);
  /** The batch's result. */
  const send = (): Promise<string | Uint8Array> => {
    const inputs = batch;
    const firstRecord = count - inputs.length;
    batch = [];
    bytes = 0;
    const sent = o.inputFilter
      ? inputs.map((r) => formatRecord(o.contentType, o.inputFilter!(parseRecord(o.contentType, r))))
      : inputs;
    return host.invoke(o.contentType, o.accept, `${sent.join('\n')}\n`).then((r) => {
      if (o.accept === RECORDIO) return recordsOf(r.body, inputs.length);
      const outputs = splitOutput(o.accept, text(r.body), inputs.length);
      return outputs.map((output, i) => assembleRecord(o, inputs[i]!, output)).join(separator);
    }, renumbered(firstRecord));
  };
  if (
    !o.inputFilter &&
    !o.outputFilter &&
    !o.joinInput &&
    o.splitType === 'Line' &&
    o.batchStrategy === 'MultiRecord' &&
    (o.assembleWith === 'Line' || o.accept === RECORDIO) &&
    o.accept !== 'application/json'
  ) {
    // Nothing to do per record here: whole runs of lines go to the model as they are, and its
    // result lines are written as they come, so this thread only cuts bytes at line ends. The
    // workers answer in bytes too (text encoded there), each block ending with its own line end
    // (or made of whole records): written as they are.
    const output = new OrderedOutput(out, '', o.inFlight);
    // MaxPayloadInMB is an upper bound: blocks of 1 MiB at most keep every worker busy to the end
    // of an object.
    for await (const block of lineBlocks(path, Math.min(o.maxPayloadBytes, BLOCK_BYTES))) {
      signal.throwIfAborted();
      const firstRecord = count;
      count += block.records;
      await output.push(
        host
          .invoke(o.contentType, o.accept, block.bytes, undefined, { textAsBytes: true })
          .then(
            (r) => (o.accept === RECORDIO ? recordsOf(r.body, block.records) : r.body),
            renumbered(firstRecord),
          ),
      );
    }
    await output.finish(false);
    return count;
  }
  const output = new OrderedOutput(out, separator, o.inFlight);
  for await (const record of records(path, o.splitType)) {
    signal.throwIfAborted();
    const size = Buffer.byteLength(record) + 1;
    if (size > o.maxPayloadBytes)
      throw invalidArgument(
        `record ${count + 1} is ${size} bytes, over MaxPayloadInMB (${o.maxPayloadBytes} bytes)`,
      );
    if (batch.length > 0 && (o.batchStrategy === 'SingleRecord' || bytes + size > o.maxPayloadBytes))
      await output.push(send());
    batch.push(record);
    bytes += size;
    count++;
  }
  if (batch.length > 0) await output.push(send());
  await output.finish(separator === '\n');
  return count;
}
