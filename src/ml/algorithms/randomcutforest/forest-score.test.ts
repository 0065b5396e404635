import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TrainContext } from '../../algorithm.js';
import { fromRows } from '../../matrix.js';
import { Random } from '../../random.js';
import { type RcfState, randomCutForest, scoreForest } from './index.js';
import { reservoirSample } from './reservoir.js';

const close = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual} vs ${expected}`);

const column = (values: number[]) => fromRows(values.map((v) => [v]));

const ctx = (seed = 1): TrainContext => ({
  signal: new AbortController().signal,
  seed,
  threads: 1,
  log: () => undefined,
  metric: () => undefined,
});

/**
 * One tree over the 1-D points {0, 1, 3}, cut first at 0.5 then at 2 (pre-order nodes):
 *   0: x <= 0.5 ? 1 : 2      1: leaf 0      2: x <= 2 ? 3 : 4      3: leaf 1      4: leaf 3
 * Tree mass M = 3, so scores are multiplied by log2(M + 1) = 2.
 */
function handTree(over: Partial<RcfState> = {}): RcfState {
  return {
    treeStart: Int32Array.from([0, 5]),
    cutDimension: Int32Array.from([0, -1, 0, -1, -1]),
    cutValue: Float64Array.from([0.5, 0, 2, 0, 0]),
    left: Int32Array.from([1, 0, 3, 1, 2]),
    right: Int32Array.from([2, -1, 4, -1, -1]),
    mass: Int32Array.from([3, 1, 2, 1, 1]),
    points: Float64Array.from([0, 1, 3]),
    dimensions: 1,
    treeMass: 3,
    trainScoreMean: 0,
    trainScoreStd: 0,
    ...over,
  };
}

describe('randomcutforest scoring, by hand', () => {
  it('an unseen point outside the data folds in the separation probability at each ancestor', () => {
    // 5 reaches leaf 3 at depth 2: s = 1/3. Box [1,3] grown to [1,5]: p = 2/4, s = ½·½ + ½·⅓ = 5/12.
    // Root box [0,3] grown to [0,5]: p = 2/5, s = ⅖·1 + ⅗·5/12 = 0.65. Times 2.
    close(scoreForest(handTree(), column([5]))[0]!, 1.3, 1e-12, 'q=5');
    // −1 reaches leaf 0 at depth 1: s = ½; root [0,3] → [−1,3]: p = ¼, s = ¼ + ¾·½ = 0.625.
    close(scoreForest(handTree(), column([-1]))[0]!, 1.25, 1e-12, 'q=-1');
  });

  it('an unseen point inside a box stops there (p = 0 above)', () => {
    // 2 goes right then left to leaf 1 at depth 2 (s = ⅓); box [1,3] holds 2.
    close(scoreForest(handTree(), column([2]))[0]!, 2 / 3, 1e-12, 'q=2');
  });

  it('a point in the tree gets the damped seen score (1 − m/2M) / (depth + log2(m + 1))', () => {
    close(scoreForest(handTree(), column([1]))[0]!, (2 * (1 - 1 / 6)) / 3, 1e-12, 'q=1');
    // Duplicates: {0, 0, 3} cut at 1 gives leaf 0 with mass 2 at depth 1.
    const dup = handTree({
      treeStart: Int32Array.from([0, 3]),
      cutDimension: Int32Array.from([0, -1, -1]),
      cutValue: Float64Array.from([1, 0, 0]),
      left: Int32Array.from([1, 0, 1]),
      right: Int32Array.from([2, -1, -1]),
      mass: Int32Array.from([3, 2, 1]),
      points: Float64Array.from([0, 3]),
    });
    close(scoreForest(dup, column([0]))[0]!, (2 * (1 - 2 / 6)) / (1 + Math.log2(3)), 1e-12, 'q=0');
  });

  it('averaged over many random trees, matches the expectation over the two tree shapes', async () => {
    // On {0, 1, 3} the root cut is uniform in [0, 3): below 1 (prob ⅓) it isolates 0 (the hand tree,
    // 5 → 1.3, −1 → 1.25), else it isolates 3 (5 → 2·(⅖ + ⅗·½) = 1.4, −1 → 2·(¼ + ¾·5/12) = 1.125).
    const state = await randomCutForest.train(
      { x: column([0, 1, 3]), featureNames: ['x'] },
      { num_trees: 1000, num_samples_per_tree: 256 },
      ctx(7),
    );
    let zeroIsolated = 0;
    for (let t = 0; t < 1000; t++) {
      const root = state.treeStart[t]!;
      if (state.cutDimension[state.left[root]!] === -1) zeroIsolated++;
    }
    close(zeroIsolated / 1000, 1 / 3, 0.06, 'share of roots cut below 1'); // 4σ
    const [far, below] = scoreForest(state, column([5, -1]));
    close(far!, 1.3 / 3 + (1.4 * 2) / 3, 0.01, 'q=5');
    close(below!, 1.25 / 3 + (1.125 * 2) / 3, 0.01, 'q=-1');
  });

  it('all rows equal: one leaf, seen score ½, unseen log2(M + 1)', async () => {
    const state = await randomCutForest.train(
      {
        x: fromRows([
          [2, 3],
          [2, 3],
          [2, 3],
          [2, 3],
          [2, 3],
        ]),
        featureNames: ['a', 'b'],
      },
      { num_trees: 50, num_samples_per_tree: 256 },
      ctx(),
    );
    assert.equal(state.cutDimension.length, 50);
    assert.equal(state.mass[0], 5);
    const [seen, unseen] = scoreForest(
      state,
      fromRows([
        [2, 3],
        [2, 4],
      ]),
    );
    close(seen!, 0.5, 1e-12, 'seen');
    close(unseen!, Math.log2(6), 1e-12, 'unseen');
  });
});

describe('reservoirSample', () => {
  it('draws k distinct rows, each with probability k/n', () => {
    const rng = new Random(3);
    const counts = new Float64Array(10);
    const draws = 20_000;
    for (let r = 0; r < draws; r++) {
      const s = reservoirSample(10, 3, rng);
      assert.equal(new Set(s).size, 3);
      for (const i of s) counts[i] = counts[i]! + 1;
    }
    // Binomial(20000, 0.3): σ ≈ 65.
    for (const c of counts) close(c, draws * 0.3, 300, 'count');
  });

  it('takes every row when there are no more than k', () => {
    assert.deepEqual([...reservoirSample(4, 10, new Random(1))], [0, 1, 2, 3]);
  });
});
