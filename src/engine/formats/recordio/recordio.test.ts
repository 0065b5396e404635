import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import protobuf from 'protobufjs/minimal.js';

import { PlatformError } from '../../../core/index.js';
import {
  decodeRecord,
  decodeRecordIO,
  encodeRecord,
  encodeRecordIO,
  frameRecord,
  type RecordIORecord,
  RecordIOWriter,
  type RecordJson,
  readRecordIO,
  recordEnds,
  recordFromJson,
  recordToJson,
  type TensorJson,
} from './index.js';

const FIXTURES = new URL('../../../../test/fixtures/recordio/', import.meta.url);
const fixture = (name: string) => new Uint8Array(readFileSync(new URL(name, FIXTURES)));
const EXPECTED = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as Record<
  string,
  RecordJson[]
>;
const FILES = Object.keys(EXPECTED);
/** dense-f32.recordio: 7 frames of 8 + 60 bytes. */
const DENSE_FRAME = 68;

async function* chunks(bytes: Uint8Array, size = bytes.length): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

async function readAll(bytes: Uint8Array, chunkSize?: number, path?: string): Promise<RecordIORecord[]> {
  const records: RecordIORecord[] = [];
  for await (const r of readRecordIO(chunks(bytes, chunkSize), { path })) records.push(r);
  return records;
}

async function writeAll(records: readonly RecordIORecord[], bufferSize?: number): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  const writer = new RecordIOWriter((chunk) => void out.push(chunk), { bufferSize });
  for (const r of records) await writer.write(r);
  await writer.close();
  assert.equal(writer.records, records.length);
  assert.equal(
    writer.bytesWritten,
    out.reduce((n, c) => n + c.length, 0),
  );
  return Buffer.concat(out);
}

/** Float32 values within a relative 1e-6, keys/shape absent the same as empty, all else exact. */
function assertTensor(actual: TensorJson, expected: TensorJson, where: string): void {
  assert.equal(actual.type, expected.type, `${where}.type`);
  assert.equal(actual.values.length, expected.values.length, `${where}.values.length`);
  if (expected.type === 'float32') {
    expected.values.forEach((e, i) => {
      const a = actual.values[i] as number;
      const ok = Math.abs(a - (e as number)) <= 1e-6 * Math.abs(e as number);
      assert.ok(ok, `${where}.values[${i}]: ${a} is not within 1e-6 of ${e}`);
    });
  } else assert.deepEqual(actual.values, expected.values, `${where}.values`);
  assert.deepEqual(actual.keys ?? [], expected.keys ?? [], `${where}.keys`);
  assert.deepEqual(actual.shape ?? [], expected.shape ?? [], `${where}.shape`);
  assert.equal(actual.content_type, expected.content_type, `${where}.content_type`);
}

function assertRecord(record: RecordIORecord, expected: RecordJson, where: string): void {
  const actual = recordToJson(record);
  for (const map of ['features', 'label'] as const) {
    assert.deepEqual(Object.keys(actual[map] ?? {}), Object.keys(expected[map] ?? {}), `${where}.${map}`);
    for (const [key, t] of Object.entries(expected[map] ?? {})) {
      assertTensor(actual[map]![key]!, t, `${where}.${map}.${key}`);
    }
  }
  assert.equal(actual.label === undefined, expected.label === undefined, `${where}.label presence`);
  for (const field of ['uid', 'metadata', 'configuration'] as const) {
    assert.equal(actual[field], expected[field], `${where}.${field}`);
  }
}

function assertRecords(records: RecordIORecord[], file: string): void {
  const expected = EXPECTED[file]!;
  assert.equal(records.length, expected.length, `${file}: record count`);
  for (const [i, r] of records.entries()) assertRecord(r, expected[i]!, `${file}[${i}]`);
}

const expectedRecords = (file: string) =>
  EXPECTED[file]!.map((json, i) => recordFromJson(json, `expected.json ${file}[${i}]`));

/** Rejects with a PlatformError whose message matches `pattern`. */
async function assertReadFails(bytes: Uint8Array, pattern: RegExp, chunkSize?: number): Promise<void> {
  await assert.rejects(readAll(bytes, chunkSize, 'data.recordio'), (err: unknown) => {
    assert.ok(err instanceof PlatformError, String(err));
    assert.equal(err.code, 'invalid_argument');
    assert.match(err.message, pattern);
    return true;
  });
}

describe('RecordIO-protobuf conformance vectors', () => {
  for (const file of FILES) {
    it(`reads ${file}`, async () => {
      assertRecords(await readAll(fixture(file)), file);
    });

    it(`finds the record boundaries of ${file} from the frame headers`, () => {
      const bytes = fixture(file);
      const ends = recordEnds(bytes);
      assert.equal(ends.length, EXPECTED[file]!.length);
      assert.equal(ends.at(-1), bytes.length);
      // Each boundary starts a frame (or ends the file) and what lies between decodes as one record.
      ends.slice(0, -1).forEach((end, i) => {
        assert.equal(decodeRecordIO(bytes.subarray(i === 0 ? 0 : ends[i - 1]!, end)).length, 1);
      });
      assert.throws(() => recordEnds(bytes.subarray(0, bytes.length - 1)), /cut off/);
    });

    it(`reads ${file} through chunks of 1, 7 and 13 bytes`, async () => {
      for (const size of [1, 7, 13]) assertRecords(await readAll(fixture(file), size), file);
    });

    it(`writes ${file} byte for byte`, async () => {
      const records = expectedRecords(file);
      for (const bufferSize of [undefined, 64]) {
        const bytes = await writeAll(records, bufferSize);
        assert.deepEqual(bytes, Buffer.from(fixture(file)), `bufferSize ${bufferSize}`);
        assertRecords(await readAll(bytes), file);
      }
      const framed = Buffer.concat(records.map((r) => frameRecord(encodeRecord(r))));
      assert.deepEqual(framed, Buffer.from(fixture(file)));
      // In one buffer that owns its memory, as endpoints answer (no pooled slab under a transfer).
      const whole = encodeRecordIO(records);
      assert.deepEqual(Buffer.from(whole), Buffer.from(fixture(file)));
      assert.equal(whole.buffer.byteLength, whole.byteLength);
    });
  }

  it('keeps the sparse rows and the bytes, uid and metadata fields', async () => {
    const [, , sparse] = await readAll(fixture('sparse-f32.recordio'));
    assert.deepEqual(sparse!.features['values'], {
      type: 'float32',
      values: Float32Array.of(3, 8, 7, 1),
      keys: [168, 350, 428, 775],
      shape: [1000],
    });
    const [empty] = await readAll(fixture('sparse-f32.recordio'));
    assert.deepEqual(empty!.features['values'], {
      type: 'float32',
      values: new Float32Array(0),
      shape: [1000],
    });
    const [bytes] = await readAll(fixture('bytes-uid-metadata.recordio'));
    assert.equal(bytes!.uid, 'item-0');
    assert.equal(bytes!.features['image']!.contentType, 'application/x-image');
    assert.ok((bytes!.features['image']!.values as Uint8Array[])[0] instanceof Uint8Array);
  });
});

describe('record codec', () => {
  it('round-trips every tensor type, empty tensors, negatives, NaN and large keys', () => {
    const record: RecordIORecord = {
      features: {
        f32: { type: 'float32', values: Float32Array.of(1.5, Number.NaN, -Infinity), keys: [0, 2 ** 40, 7] },
        f64: { type: 'float64', values: Float64Array.of(-0.1, 1e300), shape: [2, 1] },
        i32: { type: 'int32', values: Int32Array.of(-(2 ** 31), -1, 0, 300, 2 ** 31 - 1) },
        none: { type: 'float32', values: new Float32Array(0) },
        b: { type: 'bytes', values: [new Uint8Array(0), Uint8Array.of(0, 255)], contentType: '' },
        'ünï €': { type: 'bytes', values: [] },
      },
      label: { y: { type: 'int32', values: Int32Array.of(-2) } },
      uid: '',
      metadata: '{"a": "é"}',
      configuration: 'c'.repeat(300),
    };
    const decoded = decodeRecord(encodeRecord(record));
    assert.deepEqual(decoded, record);
    assert.deepEqual(recordFromJson(JSON.parse(JSON.stringify(recordToJson(decoded)))), record);
    assert.deepEqual(decodeRecord(encodeRecord({ features: {} })), { features: {} });
  });

  it('decodes from an unaligned payload', () => {
    const payload = encodeRecord({ features: { x: { type: 'float64', values: Float64Array.of(1, 2, 3) } } });
    const shifted = new Uint8Array(payload.length + 3).fill(0xff);
    shifted.set(payload, 3);
    const decoded = decodeRecord(shifted.subarray(3));
    assert.deepEqual(decoded.features['x']!.values, Float64Array.of(1, 2, 3));
  });

  it('accepts non-packed and split encodings of the packed fields, and skips unknown fields', () => {
    const w = protobuf.Writer.create();
    w.uint32(0x0a).fork(); // features entry
    w.uint32(0x0a).string('x');
    w.uint32(0x12).fork(); // Value
    w.uint32(0x12).fork(); // Float32Tensor
    w.uint32(0x0d).float(1.5); // one non-packed value
    w.uint32(0x0a).floats([2.5, 3.5]); // then a packed chunk
    w.uint32(0x10).uint32(9); // a non-packed key
    w.uint32(0x12).uint32s([10, 11]); // then packed keys
    w.uint32(0x18).uint32(3); // a non-packed shape
    w.uint32(0x78).uint32(42); // unknown field 15
    w.ldelim().ldelim().ldelim();
    w.uint32(0x12).fork(); // label entry: int32 values, non-packed
    w.uint32(0x0a).string('y');
    w.uint32(0x12).fork().uint32(0x3a).fork();
    w.uint32(0x08).int32(-5).uint32(0x08).int32(6);
    w.ldelim().ldelim().ldelim();
    w.uint32(0x32).string('unknown field 6');
    assert.deepEqual(decodeRecord(w.finish()), {
      features: {
        x: { type: 'float32', values: Float32Array.of(1.5, 2.5, 3.5), keys: [9, 10, 11], shape: [3] },
      },
      label: { y: { type: 'int32', values: Int32Array.of(-5, 6) } },
    });
  });

  it('refuses bad payloads, naming the payload offset', () => {
    const payload = encodeRecord({ features: { x: { type: 'float32', values: Float32Array.of(1, 2) } } });
    assert.throws(
      () => decodeRecord(payload.subarray(0, payload.length - 1)),
      /malformed Record payload at payload byte \d+/,
    );
    const odd = protobuf.Writer.create();
    odd.uint32(0x0a).fork().uint32(0x0a).string('x').uint32(0x12).fork().uint32(0x12).fork();
    odd.uint32(0x0a).bytes(Uint8Array.of(0, 0)); // 2 bytes of packed float32
    odd.ldelim().ldelim().ldelim();
    assert.throws(() => decodeRecord(odd.finish()), /packed float32 length 2 is not a multiple of 4/);
    const empty = protobuf.Writer.create();
    empty.uint32(0x12).fork().uint32(0x0a).string('y').ldelim(); // a label entry without a Value
    assert.throws(() => decodeRecord(empty.finish()), /label\['y'\] holds no tensor/);
    const big = protobuf.Writer.create();
    big.uint32(0x0a).fork().uint32(0x0a).string('x').uint32(0x12).fork().uint32(0x12).fork();
    big.uint32(0x10).uint64(2 ** 60);
    big.ldelim().ldelim().ldelim();
    assert.throws(() => decodeRecord(big.finish()), /uint64 \d+ is above 2\^53 - 1/);
  });

  it('validates records before writing, naming the field', async () => {
    const bad = (features: unknown) => encodeRecord({ features } as RecordIORecord);
    assert.throws(
      () => bad({ x: { type: 'float32', values: [1, 2] } }),
      /features\['x'\]: float32 values must be a Float32Array/,
    );
    assert.throws(() => bad({ x: { type: 'float16', values: [] } }), /features\['x'\]: type must be one of/);
    assert.throws(
      () => bad({ x: { type: 'int32', values: new Int32Array(1), keys: [-1] } }),
      /features\['x'\].keys\[0\]: -1 is not a whole number/,
    );
    assert.throws(
      () => bad({ x: { type: 'bytes', values: ['a'] } }),
      /features\['x'\].values\[0\]: expected a Uint8Array/,
    );
    const out: Uint8Array[] = [];
    const writer = new RecordIOWriter((c) => void out.push(c));
    await assert.rejects(writer.write({ features: { x: { type: 'float64', values: new Float32Array(1) } } }));
    await writer.write({ features: {} });
    await writer.close();
    assert.deepEqual(Buffer.concat(out), Buffer.from([0x0a, 0x23, 0xd7, 0xce, 0, 0, 0, 0]));
    await assert.rejects(writer.write({ features: {} }), /RecordIOWriter is closed/);
  });
});

describe('RecordIOWriter', () => {
  it('hands full buffers to the sink one at a time and reports sink failures', async () => {
    const record = recordFromJson(EXPECTED['dense-f32.recordio']![0]);
    const sizes: number[] = [];
    let inFlight = 0;
    const writer = new RecordIOWriter(
      async (chunk) => {
        assert.equal(++inFlight, 1);
        await new Promise((resolve) => setImmediate(resolve));
        sizes.push(chunk.length);
        inFlight--;
      },
      { bufferSize: 1000 },
    );
    for (let i = 0; i < 100; i++) await writer.write(record);
    await writer.close();
    assert.equal(
      sizes.reduce((a, b) => a + b, 0),
      100 * DENSE_FRAME,
    );
    assert.ok(
      sizes.every((s) => s <= 1000) && sizes.length === Math.ceil(100 / Math.floor(1000 / DENSE_FRAME)),
    );

    let calls = 0;
    const failing = new RecordIOWriter(
      () => (++calls === 1 ? Promise.reject(new Error('disk full')) : undefined),
      {
        bufferSize: 1,
      },
    );
    await failing.write(record); // its buffer goes to the sink, which fails in the background
    await assert.rejects(failing.write(record), /disk full/);
    await assert.rejects(failing.close(), /disk full/);
    assert.equal(calls, 1);
  });
});

describe('readRecordIO', () => {
  it('streams records of mixed sizes across chunks of any size', async () => {
    const records: RecordIORecord[] = [];
    for (let i = 0; i < 40; i++) {
      const n = (i * 7919) % 3000; // up to 12 KB of float32: some records span many chunks
      records.push({
        features: { x: { type: 'float32', values: Float32Array.from({ length: n }, (_, j) => j - i) } },
        label: { y: { type: 'int32', values: Int32Array.of(i) } },
        ...(i % 3 ? { uid: `r${i}` } : {}),
      });
    }
    const bytes = await writeAll(records, 5000);
    for (const size of [13, 4096, 65536])
      assert.deepEqual(await readAll(bytes, size), records, `chunks of ${size}`);
  });
});

describe('readRecordIO errors', () => {
  const dense = fixture('dense-f32.recordio');

  it('names the file, record and byte offset of a bad magic', async () => {
    const bytes = dense.slice();
    bytes.set([0x78, 0x56, 0x34, 0x12], 3 * DENSE_FRAME);
    for (const size of [undefined, 7]) {
      await assertReadFails(
        bytes,
        /^data\.recordio: record 3 at byte 204: bad magic 0x12345678 \(expected 0xced7230a\)$/,
        size,
      );
    }
  });

  it('reports a truncated payload, header or padding', async () => {
    for (const size of [undefined, 7]) {
      await assertReadFails(
        dense.subarray(0, 2 * DENSE_FRAME + 20),
        /^data\.recordio: record 2 at byte 136: truncated record: the header gives 60 payload bytes \(60 with padding\), the input ends after 12$/,
        size,
      );
      await assertReadFails(
        dense.subarray(0, 5 * DENSE_FRAME + 5),
        /^data\.recordio: record 5 at byte 340: truncated header: the input ends after 5 of 8 bytes$/,
        size,
      );
    }
    const padded = fixture('bytes-uid-metadata.recordio'); // first payload is 0x56 = 86 bytes, padded to 88
    await assertReadFails(
      padded.subarray(0, 8 + 87),
      /record 0 at byte 0: truncated record: .*88 with padding/,
    );
  });

  it('reports a malformed payload with its record and offset', async () => {
    const bytes = dense.slice();
    bytes[DENSE_FRAME + 8 + 1] = 0x7f; // the first map entry's length now runs past the payload
    await assertReadFails(
      bytes,
      /^data\.recordio: record 1 at byte 68: malformed Record payload at payload byte \d+: /,
    );
  });

  it('joins a record split by the MXNet continuation flag', async () => {
    const magic = [0x0a, 0x23, 0xd7, 0xce];
    const record: RecordIORecord = {
      features: { b: { type: 'bytes', values: [Uint8Array.from([1, ...magic, 2])] } },
    };
    const payload = encodeRecord(record);
    const cut = Buffer.from(payload).indexOf(Buffer.from(magic));
    const part = (flag: number, body: Uint8Array) => {
      const framed = frameRecord(body);
      new DataView(framed.buffer).setUint32(4, (flag << 29) | body.length, true);
      return framed;
    };
    const file = Buffer.concat([
      part(1, payload.subarray(0, cut)),
      part(3, payload.subarray(cut + 4)),
      frameRecord(encodeRecord({ features: {} })),
    ]);
    for (const size of [undefined, 3]) {
      assert.deepEqual(await readAll(file, size), [record, { features: {} }]);
    }
  });
});

describe('recordFromJson', () => {
  it('names the offending field', () => {
    const cases: [unknown, RegExp][] = [
      [{}, /^record\.features is missing$/],
      [{ features: {}, lable: {} }, /^record: unknown field 'lable'/],
      [
        { features: { x: { type: 'int32', values: [1.5] } } },
        /^record\.features\.x\.values\[0\]: expected a 32-bit integer, got 1\.5$/,
      ],
      [
        { features: { x: { type: 'float32', values: ['1'] } } },
        /^record\.features\.x\.values\[0\]: expected a number, got "1"$/,
      ],
      [
        { features: { x: { type: 'bytes', values: ['not base64!'] } } },
        /values\[0\]: expected a base64 string/,
      ],
      [
        { features: { x: { type: 'float64', values: [], keys: [-1] } } },
        /x\.keys\[0\]: expected a whole number/,
      ],
      [
        { features: { x: { type: 'float64', values: [], content_type: 'a' } } },
        /only bytes tensors have a content type/,
      ],
      [{ features: {}, uid: 3 }, /^record\.uid: expected a string, got 3$/],
    ];
    for (const [json, message] of cases) assert.throws(() => recordFromJson(json), { message });
    assert.throws(() => recordFromJson({}, 'rows.jsonl line 4'), {
      message: 'rows.jsonl line 4.features is missing',
    });
  });

  it('writes float32 values as their shortest decimal and non-finite values as strings', () => {
    const json = recordToJson({
      features: {
        x: { type: 'float32', values: Float32Array.of(0.1, -35.233, 1 / 3, Number.NaN, Infinity) },
      },
    });
    assert.deepEqual(json.features['x']!.values, [0.1, -35.233, 0.33333334, 'NaN', 'Infinity']);
  });
});
