import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { silentLogger } from '../core/index.js';
import { recordio } from '../engine/index.js';
import type { ObjectStore } from '../storage/index.js';
import { predictionRecords } from './codecs.js';
import { CaptureWriter } from './data-capture.js';

/** Only `put` is used: keeps what was written. */
function memoryStore(): { store: ObjectStore; written: Map<string, string> } {
  const written = new Map<string, string>();
  const store = {
    put: async (key: string, body: string) => {
      written.set(key, body);
      return {};
    },
  } as unknown as ObjectStore;
  return { store, written };
}

const lines = (written: Map<string, string>) => [...written.values()].flatMap((t) => t.trim().split('\n'));
const input = { contentType: 'text/csv', body: '1,2,3' };
const output = { contentType: 'application/json', body: '{"predictions":[{"prediction":1.5}]}' };

/** A writer capturing every request's input and output into a memory store. */
function captureEverything() {
  const { store, written } = memoryStore();
  const all = new CaptureWriter(
    store,
    'ep',
    { enabled: true, samplingPercentage: 100, destination: 'cap/', capture: ['Input', 'Output'] },
    silentLogger(),
  );
  return { all, written };
}

describe('data capture', () => {
  it('samples by percentage and captures only what the config names', async () => {
    const { store, written } = memoryStore();
    const half = new CaptureWriter(
      store,
      'ep',
      { enabled: true, samplingPercentage: 50, destination: 'cap', capture: ['Input'] },
      silentLogger(),
    );
    for (let i = 0; i < 2000; i++) half.record('A', input, output, new Date(Date.UTC(2026, 10, 27, 23, 5)));
    await half.close();
    const records = lines(written).map((l) => JSON.parse(l));
    // Binomial(2000, 0.5): 900..1100 fails with probability below 1e-5.
    assert.ok(records.length > 900 && records.length < 1100, String(records.length));
    assert.ok(records.every((r) => r.captureData.endpointInput && !r.captureData.endpointOutput));
    assert.ok([...written.keys()].every((k) => k.startsWith('cap/ep/A/2026/11/27/23/')));

    const off = memoryStore();
    const none = new CaptureWriter(
      off.store,
      'ep',
      { enabled: true, samplingPercentage: 0, destination: 'cap', capture: ['Input', 'Output'] },
      silentLogger(),
    );
    none.record('A', input, output);
    await none.close();
    assert.equal(off.written.size, 0);
  });

  it('keeps JSON as text and base64-encodes other types', async () => {
    const { all, written } = captureEverything();
    all.record('A', { contentType: 'application/x-recordio-protobuf', body: 'ab' }, output);
    await all.close();
    const [r] = lines(written).map((l) => JSON.parse(l));
    assert.deepEqual(r.captureData.endpointInput, {
      observedContentType: 'application/x-recordio-protobuf',
      mode: 'INPUT',
      data: 'YWI=',
      encoding: 'BASE64',
    });
    assert.deepEqual(r.captureData.endpointOutput, {
      observedContentType: 'application/json',
      mode: 'OUTPUT',
      data: output.body,
      encoding: 'JSON',
    });
    assert.equal(r.eventVersion, '0');
  });

  it('captures a RecordIO answer as BASE64 that decodes back to the same records', async () => {
    const { all, written } = captureEverything();
    const answer = predictionRecords(
      [
        { name: 'predicted_label', values: ['Gentoo', 'Adelie'] },
        { name: 'probability_Gentoo', values: Float64Array.of(0.75, 0.125) },
      ],
      2,
    );
    const type = 'application/x-recordio-protobuf';
    all.record('A', input, { contentType: type, body: answer });
    await all.close();
    const [r] = lines(written).map((l) => JSON.parse(l));
    assert.equal(r.captureData.endpointInput.encoding, 'CSV');
    const out = r.captureData.endpointOutput;
    assert.deepEqual(
      { ...out, data: undefined },
      { observedContentType: type, mode: 'OUTPUT', data: undefined, encoding: 'BASE64' },
    );
    const bytes = new Uint8Array(Buffer.from(out.data, 'base64'));
    assert.deepEqual(bytes, answer);
    const records = recordio.decodeRecordIO(bytes);
    assert.deepEqual(
      records.map((rec) => [
        new TextDecoder().decode((rec.label!.predicted_label!.values as Uint8Array[])[0]),
        (rec.label!.probability_Gentoo!.values as Float32Array)[0],
      ]),
      [
        ['Gentoo', 0.75],
        ['Adelie', 0.125],
      ],
    );
  });
});
