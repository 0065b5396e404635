import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { isSparseRecordIO, readSparseRecords } from './sparse-records.js';

const FIXTURES = new URL('../../test/fixtures/recordio/', import.meta.url);
const path = (name: string) => fileURLToPath(new URL(name, FIXTURES));
interface Expected {
  features: { values: { values: number[]; keys?: number[]; shape?: number[] } };
  label?: { values: { values: number[] } };
}
const expected = JSON.parse(readFileSync(new URL('expected.json', FIXTURES), 'utf8')) as Record<
  string,
  Expected[]
>;

describe('sparse RecordIO rows', () => {
  it('reads the conformance file as CSR, all-zero rows (no keys on the wire) included', async () => {
    const file = path('sparse-f32.recordio');
    assert.equal(await isSparseRecordIO([file]), true, 'the first record is an all-zero sparse row');
    const { x, label, hasLabel } = await readSparseRecords([file]);
    const records = expected['sparse-f32.recordio']!;
    assert.equal(x.rows, records.length);
    assert.equal(x.cols, 1000);
    assert.ok(hasLabel);
    records.forEach((r, i) => {
      const from = x.indptr[i]!;
      const to = x.indptr[i + 1]!;
      assert.deepEqual(Array.from(x.indices.subarray(from, to)), r.features.values.keys ?? []);
      assert.deepEqual(Array.from(x.values.subarray(from, to)), r.features.values.values);
      assert.equal(label[i], r.label!.values.values[0]);
    });
  });

  it('takes dense tensors as rows too, and names a record of the wrong width', async () => {
    assert.equal(await isSparseRecordIO([path('dense-f32.recordio')]), false);
    const dense = await readSparseRecords([path('dense-f32.recordio')]);
    const first = expected['dense-f32.recordio']![0]!.features.values.values;
    const nonzero = first.filter((v) => v !== 0).map(Math.fround);
    assert.deepEqual(Array.from(dense.x.values.subarray(0, dense.x.indptr[1])), nonzero);
    await assert.rejects(
      readSparseRecords([path('dense-f32.recordio')], dense.x.cols + 1),
      /record 1: \d+ features, expected/,
    );
  });
});
