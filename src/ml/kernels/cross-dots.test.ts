import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, it } from 'node:test';

import { Random } from '../random.js';
import { crossDots, nearestRowsWasm } from './cross-dots.js';
import { crossDotsScalar } from './cross-dots-scalar.js';

const rng = new Random(11);
const randomMatrix = (rows: number, cols: number) =>
  Float64Array.from({ length: rows * cols }, () => rng.next() * 2 - 1);

/** Products written by both kernels into copies of the same starting `out`. */
function both(aRows: number, bRows: number, len: number, accumulate: boolean, upper: boolean) {
  const a = randomMatrix(aRows, len);
  const b = upper ? a : randomMatrix(bRows, len);
  const start = randomMatrix(aRows, bRows);
  const wasm = start.slice();
  const scalar = start.slice();
  crossDots(a, aRows, b, upper ? aRows : bRows, len, wasm, accumulate, upper);
  crossDotsScalar(a, aRows, b, upper ? aRows : bRows, len, scalar, accumulate, upper);
  return { wasm, scalar, start };
}

describe('crossDots (WebAssembly SIMD kernel)', () => {
  it('equals the JavaScript kernel to rounding for every tile remainder, odd lengths included', () => {
    for (const aRows of [1, 2, 3, 7, 64])
      for (const bRows of [1, 3, 4, 5, 6, 7, 130])
        for (const len of [1, 2, 3, 19, 20, 64, 101]) {
          const { wasm, scalar } = both(aRows, bRows, len, false, false);
          for (let c = 0; c < wasm.length; c++)
            assert.ok(
              Math.abs(wasm[c]! - scalar[c]!) <= 1e-13 * Math.max(1, len),
              `${aRows}×${bRows}×${len} cell ${c}: ${wasm[c]} vs ${scalar[c]}`,
            );
        }
  });

  it('accumulates into out, and with `upper` leaves the cells below the diagonal alone', () => {
    for (const [accumulate, upper] of [
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      const n = 37;
      const { wasm, scalar, start } = both(n, n, 41, accumulate, upper);
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const c = i * n + j;
          if (upper && j < i) assert.equal(wasm[c], start[c], `below the diagonal ${i},${j}`);
          else assert.ok(Math.abs(wasm[c]! - scalar[c]!) < 1e-12, `${i},${j}: ${wasm[c]} vs ${scalar[c]}`);
        }
    }
  });

  it('takes subarrays (views at an offset) and products larger than its first memory page', () => {
    const big = randomMatrix(300, 50);
    const a = big.subarray(50 * 10, 50 * 210); // rows 10..209
    const out = new Float64Array(200 * 300);
    const expected = new Float64Array(200 * 300);
    crossDots(a, 200, big, 300, 50, out);
    crossDotsScalar(a, 200, big, 300, 50, expected);
    for (let c = 0; c < out.length; c++) assert.ok(Math.abs(out[c]! - expected[c]!) < 1e-12);
  });

  it('nearestRowsWasm: the k nearest by the expanded distance, ties to the lower index, across blocks', () => {
    const d = 3;
    const n = 1300; // three training blocks, the last partial
    const m = 70; // two query blocks
    // Few distinct values, so many distances tie.
    const train = Float64Array.from({ length: n * d }, () => Math.floor(rng.next() * 4));
    const queries = Float64Array.from({ length: m * d }, () => Math.floor(rng.next() * 4));
    const norms = (x: Float64Array, rows: number) =>
      Float64Array.from({ length: rows }, (_, i) => {
        let s = 0;
        for (let j = 0; j < d; j++) s += x[i * d + j]! ** 2;
        return s;
      });
    const k = 7;
    const got = nearestRowsWasm(train, n, queries, m, d, k, norms(train, n), norms(queries, m));
    assert.ok(got, 'WebAssembly SIMD is available on Node 20');
    const xn = norms(train, n);
    const qn = norms(queries, m);
    for (let a = 0; a < m; a++) {
      const all = Array.from({ length: n }, (_, i) => {
        let dot = 0;
        for (let j = 0; j < d; j++) dot += queries[a * d + j]! * train[i * d + j]!;
        return { i, dd: Math.max(0, qn[a]! + xn[i]! - 2 * dot) };
      }).sort((p, q) => p.dd - q.dd || p.i - q.i);
      assert.deepEqual(
        Array.from(got.indices.subarray(a * k, (a + 1) * k)),
        all.slice(0, k).map((c) => c.i),
        `row ${a}`,
      );
      assert.deepEqual(
        Array.from(got.distances.subarray(a * k, (a + 1) * k)),
        all.slice(0, k).map((c) => c.dd),
      );
    }
  });

  it('the committed module is built from cross-dots.wat', () => {
    execFileSync(process.execPath, ['scripts/build-wasm.js', '--check'], { stdio: 'pipe' });
  });
});
