import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { binMatrix, computeCuts, MISSING_BIN } from './quantile-cuts.js';

/** The bin XGBoost's SearchBin gives: the number of cuts ≤ v, clamped to the last bin. */
function expectedBin(cuts: Float64Array, v: number): number {
  let b = 0;
  while (b < cuts.length && cuts[b]! <= v) b++;
  return Math.min(b, cuts.length - 1);
}

describe('quantile cuts and bin codes', () => {
  it('gives every distinct value its own bin when there are at most max_bin of them', () => {
    const x = matrix(8, 1, Float64Array.of(3, 1, 2, 2, 5, 1, 3, 5));
    const cuts = computeCuts(x, 256, new Random(1));
    assert.deepEqual(Array.from(cuts.values), [2, 3, 5, Math.fround(5 + Math.fround(5 + 1e-5))]);
    assert.equal(cuts.minValues[0], Math.fround(1 - Math.fround(1 + 1e-5)));
    assert.deepEqual(
      Array.from(binMatrix(x, cuts).bins.filter((_, i) => i % 4 === 0)),
      [2, 0, 1, 1, 3, 0, 2, 3],
    );
  });

  it('caps each feature at max_bin bins (255 with missing values) and codes NaN as 255', () => {
    const r = new Random(5);
    const n = 3000;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      data[2 * i] = r.normal();
      data[2 * i + 1] = i % 10 === 0 ? Number.NaN : r.normal();
    }
    const x = matrix(n, 2, data);
    const cuts = computeCuts(x, 256, new Random(1));
    assert.equal(cuts.ptr[1]! - cuts.ptr[0]!, 256);
    assert.equal(cuts.ptr[2]! - cuts.ptr[1]!, 255);
    assert.deepEqual(Array.from(cuts.hasMissing), [0, 1]);
    const few = computeCuts(x, 16, new Random(1));
    assert.equal(few.ptr[1]! - few.ptr[0]!, 16);
    const { bins, stride } = binMatrix(x, cuts);
    assert.equal(bins[10 * stride + 1], MISSING_BIN);
  });

  it('bins every value as a search over the cuts would, on skewed, tied and extreme data', () => {
    const r = new Random(9);
    const n = 20000;
    const d = 5;
    const data = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      data[i * d] = Math.exp(3 * r.normal()); // heavy tail
      data[i * d + 1] = r.int(4); // ties
      data[i * d + 2] = r.normal() * 1e30;
      data[i * d + 3] = i % 7 === 0 ? Number.NaN : r.next() - 0.5;
      data[i * d + 4] = -0 * r.next(); // constant (signed zeros)
    }
    const x = matrix(n, d, data);
    const cuts = computeCuts(x, 64, new Random(2));
    const { bins, stride } = binMatrix(x, cuts);
    for (let f = 0; f < d; f++) {
      const c = cuts.values.subarray(cuts.ptr[f], cuts.ptr[f + 1]);
      for (let i = 0; i < n; i++) {
        const v = Math.fround(data[i * d + f]!);
        const want = Number.isNaN(v) ? MISSING_BIN : expectedBin(c, v);
        assert.equal(bins[i * stride + f], want, `feature ${f} row ${i} value ${v}`);
      }
    }
    assert.equal(cuts.ptr[5]! - cuts.ptr[4]!, 1, 'a constant feature has one bin');
  });

  it('binning rows that were not in the sketch (beyond the sample) still lands in a bin', () => {
    const r = new Random(3);
    const n = 300_000; // above SKETCH_ROWS: cuts come from a sample
    const data = Float64Array.from({ length: n }, () => r.normal());
    const x = matrix(n, 1, data);
    const cuts = computeCuts(x, 256, new Random(4));
    const { bins, stride } = binMatrix(x, cuts);
    const c = cuts.values.subarray(cuts.ptr[0], cuts.ptr[1]);
    for (let i = 0; i < n; i += 97) assert.equal(bins[i * stride], expectedBin(c, Math.fround(data[i]!)));
  });
});
