import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { SparseMatrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { addRowGradient, type FmParams, fmParams, logisticLoss, scoreRow, sigmoid } from './fm-kernel.js';

/** Random CSR rows with 0..d/2 entries each, and random parameters. */
function problem(seed: number, rows: number, d: number, k: number): { x: SparseMatrix; p: FmParams } {
  const random = new Random(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const values: number[] = [];
  for (let i = 0; i < rows; i++) {
    const cols = Array.from(random.sample(d, random.int(d / 2 + 1))).sort((a, b) => a - b);
    for (const j of cols) {
      indices.push(j);
      values.push(random.normal() * 2);
    }
    indptr[i + 1] = indices.length;
  }
  const x = { rows, cols: d, indptr, indices: Int32Array.from(indices), values: Float64Array.from(values) };
  const p = fmParams(d, k);
  for (const a of [p.bias, p.linear, p.factors]) for (let i = 0; i < a.length; i++) a[i] = random.normal();
  return { x, p };
}

/** The model by its definition: every pair j < l, O(n²k). */
function naiveScore(p: FmParams, x: SparseMatrix, i: number): number {
  const dense = new Float64Array(x.cols);
  for (let t = x.indptr[i]!; t < x.indptr[i + 1]!; t++) dense[x.indices[t]!] = x.values[t]!;
  let y = p.bias[0]!;
  for (let j = 0; j < x.cols; j++) {
    y += p.linear[j]! * dense[j]!;
    for (let l = j + 1; l < x.cols; l++) {
      let dot = 0;
      for (let f = 0; f < p.k; f++) dot += p.factors[j * p.k + f]! * p.factors[l * p.k + f]!;
      y += dot * dense[j]! * dense[l]!;
    }
  }
  return y;
}

describe('factorization-machines kernel', () => {
  it("Rendle's O(k·nnz) score equals the pairwise sum", () => {
    const { x, p } = problem(7, 40, 15, 5);
    const sums = new Float64Array(p.k);
    for (let i = 0; i < x.rows; i++) {
      const expected = naiveScore(p, x, i);
      const actual = scoreRow(p, x, i, sums);
      assert.ok(
        Math.abs(actual - expected) <= 1e-10 * (1 + Math.abs(expected)),
        `row ${i}: ${actual} vs ${expected}`,
      );
    }
  });

  it('an empty row scores the bias', () => {
    const p = fmParams(3, 2);
    p.bias[0] = 0.25;
    const x = {
      rows: 1,
      cols: 3,
      indptr: new Int32Array(2),
      indices: new Int32Array(0),
      values: new Float64Array(0),
    };
    assert.equal(scoreRow(p, x, 0, new Float64Array(2)), 0.25);
  });

  for (const loss of ['logistic', 'squared'] as const) {
    it(`${loss} loss: analytic gradient equals central finite differences`, () => {
      const { x, p } = problem(11, 8, 6, 3);
      const y = Float64Array.from({ length: x.rows }, (_, i) => (loss === 'logistic' ? i % 2 : i - 3));
      const sums = new Float64Array(p.k);
      // Mean loss over the rows, as one mini-batch of the trainer.
      const meanLoss = () => {
        let s = 0;
        for (let i = 0; i < x.rows; i++) {
          const z = scoreRow(p, x, i, sums);
          s += loss === 'logistic' ? logisticLoss(z, y[i]!) : 0.5 * (z - y[i]!) ** 2;
        }
        return s / x.rows;
      };
      const grad = fmParams(x.cols, p.k);
      for (let i = 0; i < x.rows; i++) {
        const z = scoreRow(p, x, i, sums);
        const g = loss === 'logistic' ? sigmoid(z) - y[i]! : z - y[i]!;
        addRowGradient(p, x, i, sums, g / x.rows, grad);
      }
      for (const name of ['bias', 'linear', 'factors'] as const) {
        const a = p[name];
        for (let j = 0; j < a.length; j++) {
          const h = 1e-6;
          const w = a[j]!;
          a[j] = w + h;
          const up = meanLoss();
          a[j] = w - h;
          const down = meanLoss();
          a[j] = w;
          const numeric = (up - down) / (2 * h);
          const analytic = grad[name][j]!;
          assert.ok(
            Math.abs(analytic - numeric) <= 1e-6 * (1 + Math.abs(numeric)),
            `${name}[${j}]: ${analytic} vs ${numeric}`,
          );
        }
      }
    });
  }

  it('logistic loss is stable for large margins', () => {
    assert.equal(logisticLoss(800, 1), 0);
    assert.equal(logisticLoss(-800, 0), 0);
    assert.equal(logisticLoss(-800, 1), 800);
    assert.equal(sigmoid(-800), 0);
    assert.equal(sigmoid(800), 1);
  });
});
