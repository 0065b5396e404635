import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { isPlatformError } from '../core/index.js';
import { type OutputColumn, recordio } from '../engine/index.js';
import { formatPredictions, predictionRecords, responseType } from './codecs.js';

const CLASSIFIER: OutputColumn[] = [
  { name: 'predicted_label', values: ['Adelie', 'Gentoo', 'Chinstrap'] },
  { name: 'probability_Adelie', values: Float64Array.of(0.9712345678901, 0.001, 1 / 3) },
  { name: 'probability_Gentoo', values: Float64Array.of(0.0187654321, 0.998, 1 / 3) },
];
const REGRESSOR: OutputColumn[] = [
  { name: 'prediction', values: Float64Array.of(3750.123456789, -1e30, 0, Number.NaN) },
];

const utf8 = new TextDecoder();

/** The JSON answer's rows, and the RecordIO answer's label maps as plain values. */
function bothAnswers(columns: OutputColumn[], rows: number) {
  const json = JSON.parse(formatPredictions('application/json', columns, rows) as string) as {
    predictions: Record<string, string | number | null>[];
  };
  const bytes = formatPredictions('application/x-recordio-protobuf', columns, rows);
  assert.ok(bytes instanceof Uint8Array);
  const records = recordio.decodeRecordIO(bytes);
  return { json: json.predictions, records };
}

describe('RecordIO responses', () => {
  it('answers a classifier with one record per row: the label as UTF-8 bytes, probabilities as float32', () => {
    const { json, records } = bothAnswers(CLASSIFIER, 3);
    assert.equal(records.length, 3);
    records.forEach((r, i) => {
      assert.deepEqual(r.features, {});
      assert.deepEqual(Object.keys(r.label!), Object.keys(json[i]!));
      const label = r.label!.predicted_label!;
      assert.equal(label.type, 'bytes');
      assert.equal(utf8.decode((label.values as Uint8Array[])[0]), json[i]!.predicted_label);
      for (const name of ['probability_Adelie', 'probability_Gentoo']) {
        const t = r.label![name]!;
        assert.equal(t.type, 'float32');
        assert.deepEqual(t.values, Float32Array.of(json[i]![name] as number));
        assert.equal(t.values[0], Math.fround(json[i]![name] as number));
      }
    });
  });

  it('answers a regressor with float32 values, NaN where JSON has null', () => {
    const { json, records } = bothAnswers(REGRESSOR, 4);
    assert.deepEqual(
      records.map((r) => (r.label!.prediction!.values as Float32Array)[0]),
      [Math.fround(3750.123456789), Math.fround(-1e30), 0, Number.NaN],
    );
    assert.deepEqual(
      json.map((p) => p.prediction),
      [3750.123456789, -1e30, 0, null],
    );
  });

  it('writes a missing class name as an empty bytes tensor, and no rows as no bytes', () => {
    const [r] = recordio.decodeRecordIO(predictionRecords([{ name: 'predicted_label', values: [null] }], 1));
    assert.deepEqual(r!.label!.predicted_label, { type: 'bytes', values: [] });
    assert.equal(predictionRecords(REGRESSOR, 0).byteLength, 0);
  });

  it('owns its buffer, so a worker can transfer it', () => {
    const bytes = predictionRecords(CLASSIFIER.slice(0, 1), 1); // small: would sit in Node's Buffer pool
    assert.equal(bytes.byteOffset, 0);
    assert.equal(bytes.buffer.byteLength, bytes.byteLength);
  });

  it('is an Accept type; an unknown one is a 415 listing every response type', () => {
    assert.equal(
      responseType('application/x-recordio-protobuf; charset=binary', 'text/csv'),
      'application/x-recordio-protobuf',
    );
    assert.equal(responseType(undefined, 'application/x-recordio-protobuf'), 'application/json');
    assert.throws(
      () => responseType('image/png', 'text/csv'),
      (err: unknown) =>
        isPlatformError(err) &&
        err.code === 'unsupported_media_type' &&
        err.message ===
          "Accept 'image/png' is not supported; responses are text/csv, application/json, application/jsonlines, application/x-recordio-protobuf",
    );
  });
});
