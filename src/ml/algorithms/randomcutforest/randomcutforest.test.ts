import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { PlatformError } from '../../../core/index.js';
import type { TrainContext } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { fromRows, type Matrix, matrix } from '../../matrix.js';
import { type RcfHyperparameters, type RcfState, randomCutForest } from './index.js';

const PENGUINS = new URL('../../../../test/fixtures/ml/penguins.csv', import.meta.url);

/**
 * Penguins' four measurements, rows with a gap skipped, each column z-scored: cuts are chosen in
 * proportion to ranges, so unscaled grams would swamp millimetres.
 */
function penguins(): number[][] {
  const rows = readFileSync(PENGUINS, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',').slice(2, 6))
    .filter((cells) => cells.every((c) => c !== ''))
    .map((cells) => cells.map(Number));
  for (let j = 0; j < 4; j++) {
    const mean = rows.reduce((s, r) => s + r[j]!, 0) / rows.length;
    const sd = Math.sqrt(rows.reduce((s, r) => s + (r[j]! - mean) ** 2, 0) / rows.length);
    for (const r of rows) r[j] = (r[j]! - mean) / sd;
  }
  return rows;
}

/** Far outside the data (|z| ≤ ~3), in different directions so they do not shield each other. */
const OUTLIERS = [
  [8, 0, 0, 0],
  [0, -8, 0, 0],
  [0, 0, 9, 0],
  [0, 0, 0, -9],
  [6, 6, -6, 6],
  [-7, 7, 7, -7],
];

const ctx = (seed = 1, signal = new AbortController().signal) => {
  const metrics = new Map<string, number>();
  const c: TrainContext = {
    signal,
    seed,
    threads: 1,
    log: () => undefined,
    metric: (name, value) => metrics.set(name, value),
  };
  return { ctx: c, metrics };
};

const hp = (over: Partial<RcfHyperparameters> = {}): RcfHyperparameters => ({
  num_trees: 100,
  num_samples_per_tree: 256,
  ...over,
});

const train = (x: Matrix, over: Partial<RcfHyperparameters> = {}, seed = 1) =>
  randomCutForest.train(
    { x, featureNames: x.cols === 4 ? ['a', 'b', 'c', 'd'] : [] },
    hp(over),
    ctx(seed).ctx,
  );

const scores = (state: RcfState, x: Matrix) => randomCutForest.predict(state, x).values!;

const meanStd = (v: ArrayLike<number>) => {
  const a = Array.from(v);
  const mean = a.reduce((s, x) => s + x, 0) / a.length;
  return { mean, std: Math.sqrt(a.reduce((s, x) => s + (x - mean) ** 2, 0) / a.length) };
};

/** Share of (outlier, inlier) pairs ranked the right way round: the ROC AUC. */
function auc(outlierScores: number[], inlierScores: ArrayLike<number>): number {
  let wins = 0;
  for (const o of outlierScores)
    for (const i of Array.from(inlierScores)) wins += o > i ? 1 : o === i ? 0.5 : 0;
  return wins / (outlierScores.length * inlierScores.length);
}

describe('randomcutforest on penguins with planted outliers', () => {
  const inliers = penguins();
  const x = fromRows([...inliers, ...OUTLIERS]);
  const n = inliers.length;

  it('flags the outliers above mean + 3·std of the inlier scores and ranks them first', async () => {
    const { ctx: c, metrics } = ctx();
    const state = await randomCutForest.train({ x, featureNames: ['a', 'b', 'c', 'd'] }, hp(), c);
    const s = scores(state, x);
    const inlier = s.subarray(0, n);
    const outlier = Array.from(s.subarray(n));
    const { mean, std } = meanStd(inlier);
    for (const o of outlier) assert.ok(o > mean + 3 * std, `${o} vs threshold ${mean + 3 * std}`);
    assert.ok(auc(outlier, inlier) >= 0.99, `AUC ${auc(outlier, inlier)}`);
    // The training summary is the same statistic over all rows (fewer than 10,000: all scored).
    const all = meanStd(s);
    assert.ok(Math.abs(state.trainScoreMean - all.mean) < 1e-12);
    assert.ok(Math.abs(state.trainScoreStd - all.std) < 1e-12);
    assert.equal(metrics.get('train:mean_score'), state.trainScoreMean);
  });

  it('scores training rows lower on average than the same rows moved far away', async () => {
    const state = await train(fromRows(inliers));
    const far = fromRows(inliers.map((r) => r.map((v) => v + 10)));
    assert.ok(meanStd(scores(state, fromRows(inliers))).mean < meanStd(scores(state, far)).mean / 2);
  });

  it('gives the same trees and scores for the same seed, different trees for another', async () => {
    const a = await train(x, {}, 5);
    const b = await train(x, {}, 5);
    const c = await train(x, {}, 6);
    assert.deepEqual(a, b);
    assert.deepEqual(scores(a, x), scores(b, x));
    assert.notDeepEqual(a.cutValue, c.cutValue);
  });

  it('is unchanged by scaling every feature by a power of two (cuts scale with the ranges)', async () => {
    const scaled = matrix(
      x.rows,
      x.cols,
      x.data.map((v) => v * 1024),
    );
    assert.deepEqual(scores(await train(scaled), scaled), scores(await train(x), x));
  });

  it('samples num_samples_per_tree rows per tree, each tree a complete partition of them', async () => {
    const state = await train(x, { num_trees: 50, num_samples_per_tree: 64 });
    assert.equal(state.treeMass, 64);
    for (let t = 0; t < 50; t++) {
      const [from, to] = [state.treeStart[t]!, state.treeStart[t + 1]!];
      assert.equal(state.mass[from], 64);
      let leafMass = 0;
      for (let node = from; node < to; node++)
        if (state.cutDimension[node] === -1) leafMass += state.mass[node]!;
      assert.equal(leafMass, 64);
    }
  });
});

describe('randomcutforest contract', () => {
  it('keeps only typed arrays and finite numbers in its state, and scores the same after a save/load', async () => {
    const state = await train(fromRows(penguins()));
    for (const [key, value] of Object.entries(state))
      assert.ok(ArrayBuffer.isView(value) || Number.isFinite(value), `${key} is ${typeof value}`);
    // A stand-in for model-io: typed arrays as base64 in JSON.
    const saved = JSON.stringify(state, (_k, v) =>
      ArrayBuffer.isView(v) ? { t: v.constructor.name, b64: Buffer.from(v.buffer).toString('base64') } : v,
    );
    const loaded = JSON.parse(saved, (_k, v) => {
      if (!v?.b64) return v;
      const bytes = Buffer.from(v.b64, 'base64');
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
      return v.t === 'Int32Array' ? new Int32Array(buffer) : new Float64Array(buffer);
    }) as RcfState;
    const probe = fromRows([...penguins().slice(0, 20), ...OUTLIERS]);
    assert.deepEqual(scores(loaded, probe), scores(state, probe));
  });

  it('declares SageMaker’s hyperparameters with their ranges', () => {
    const specs = Object.entries(randomCutForest.hyperparameters).map(([name, { description, ...range }]) => {
      assert.ok(description.length > 10, name);
      return [name, range];
    });
    assert.deepEqual(Object.fromEntries(specs), {
      num_trees: { type: 'int', default: 100, min: 50, max: 1000 },
      num_samples_per_tree: { type: 'int', default: 256, min: 1, max: 2048 },
    });
    assert.deepEqual(parseHyperparameters('randomcutforest', randomCutForest.hyperparameters, {}), hp());
    assert.throws(
      () => parseHyperparameters('randomcutforest', randomCutForest.hyperparameters, { num_trees: '49' }),
      PlatformError,
    );
    assert.equal(randomCutForest.name, 'randomcutforest');
    assert.deepEqual(randomCutForest.kinds, ['anomaly']);
    assert.equal(randomCutForest.kindOf(hp()), 'anomaly');
  });

  it('refuses empty data, zero features, weights and inputs of the wrong width', async () => {
    const invalid = { code: 'invalid_argument' };
    await assert.rejects(train(matrix(0, 3)), invalid);
    await assert.rejects(train(matrix(5, 0)), invalid);
    const x = fromRows([[1], [2], [3]]);
    await assert.rejects(
      randomCutForest.train({ x, featureNames: ['a'], weights: new Float64Array(3) }, hp(), ctx().ctx),
      invalid,
    );
    const state = await train(x);
    assert.throws(() => randomCutForest.predict(state, fromRows([[1, 2]])), invalid);
  });

  it('stops when the signal fires', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await assert.rejects(
      randomCutForest.train(
        { x: fromRows([[1], [2]]), featureNames: ['a'] },
        hp(),
        ctx(1, aborted.signal).ctx,
      ),
    );
  });

  it('handles a single row and a constant column', async () => {
    const one = await train(fromRows([[4, 2]]));
    assert.deepEqual([...scores(one, fromRows([[4, 2]]))], [0.5]);
    const state = await train(fromRows([0, 1, 2, 3, 4, 5, 6, 7].map((v) => [v, 7])));
    for (const dim of state.cutDimension) assert.ok(dim === -1 || dim === 0);
  });
});
