import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { type LinearProblem, logisticLoss, squaredLoss } from './objectives.js';

/** The loss and gradient written plainly, one row at a time, for comparison. */
function naive(
  p: LinearProblem,
  params: Float64Array,
  squared: boolean,
): { loss: number; grad: Float64Array } {
  const { rows: n, cols: d, data } = p.x;
  const grad = new Float64Array(d + 1);
  const total = p.weights ? p.weights.reduce((a, b) => a + b, 0) : n;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = p.useBias ? params[d]! : 0;
    for (let j = 0; j < d; j++) z += data[i * d + j]! * params[j]!;
    const w = p.weights ? p.weights[i]! : 1;
    const y = p.y[i]!;
    loss += squared ? 0.5 * w * (z - y) ** 2 : w * (Math.log(1 + Math.exp(z)) - y * z);
    const r = (w * (squared ? z - y : 1 / (1 + Math.exp(-z)) - y)) / total;
    for (let j = 0; j < d; j++) grad[j]! += r * data[i * d + j]!;
    if (p.useBias) grad[d]! += r;
  }
  let penalty = 0;
  for (let j = 0; j < d; j++) {
    penalty += params[j]! ** 2;
    grad[j]! += p.wd * params[j]!;
  }
  return { loss: loss / total + 0.5 * p.wd * penalty, grad };
}

describe('logisticLoss and squaredLoss', () => {
  it('equal the plain row-by-row loss and gradient, for odd and even row counts, weights and bias', () => {
    const rng = new Random(5);
    for (const n of [1, 2, 7, 64]) {
      const d = 5;
      const x = matrix(
        n,
        d,
        Float64Array.from({ length: n * d }, () => rng.normal()),
      );
      const y = Float64Array.from({ length: n }, () => (rng.next() < 0.5 ? 1 : 0));
      const params = Float64Array.from({ length: d + 1 }, () => rng.normal());
      for (const weights of [undefined, Float64Array.from({ length: n }, () => 0.5 + rng.next())]) {
        for (const squared of [false, true]) {
          const p: LinearProblem = { x, y, weights, wd: 0.01, outputs: 1, useBias: true };
          const grad = new Float64Array(d + 1);
          const loss = (squared ? squaredLoss : logisticLoss)(p, params, grad);
          const expected = naive(p, params, squared);
          assert.ok(Math.abs(loss - expected.loss) < 1e-12, `n=${n}: ${loss} vs ${expected.loss}`);
          for (let j = 0; j <= d; j++)
            assert.ok(
              Math.abs(grad[j]! - expected.grad[j]!) < 1e-12,
              `n=${n}, j=${j}: ${grad[j]} vs ${expected.grad[j]}`,
            );
        }
      }
    }
  });
});
