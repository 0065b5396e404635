import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { TrainContext } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { fromRows } from '../../matrix.js';
import { Random } from '../../random.js';
import { knn } from './knn.js';
import { bruteForce, buildKdTree, kdTreeSearch } from './neighbors.js';

const REF = JSON.parse(
  readFileSync(join(import.meta.dirname, '../../../../test/fixtures/ml/knn-reference.json'), 'utf8'),
) as {
  train: number[][];
  test: number[][];
  classes: string[];
  y_class: number[];
  y_mass: number[];
  proba: number[][];
  labels: number[];
  mass: number[];
};
const ctx: TrainContext = {
  signal: new AbortController().signal,
  seed: 0,
  threads: 1,
  log() {},
  metric() {},
};
const hp = (raw: Record<string, unknown>) => parseHyperparameters('knn', knn.hyperparameters, raw);

describe('knn against scikit-learn (brute force)', () => {
  const train = fromRows(REF.train);
  const test = fromRows(REF.test);
  for (const index of ['brute', 'kdtree']) {
    it(`classifier votes and probabilities equal KNeighborsClassifier (${index})`, async () => {
      const state = await knn.train(
        { x: train, y: Float64Array.from(REF.y_class), classes: REF.classes, featureNames: [] },
        hp({ k: 5, index_type: index }),
        ctx,
      );
      const p = knn.predict(state, test);
      assert.deepEqual([...(p.labels ?? [])], REF.labels);
      REF.proba.forEach((row, i) => {
        row.forEach((v, c) => {
          assert.ok(Math.abs((p.scores?.data[i * 3 + c] as number) - v) < 1e-12, `row ${i} class ${c}`);
        });
      });
    });
  }
  it('regressor averages like KNeighborsRegressor', async () => {
    const state = await knn.train(
      { x: train, y: Float64Array.from(REF.y_mass), featureNames: [] },
      hp({ k: 7, predictor_type: 'regressor' }),
      ctx,
    );
    const values = knn.predict(state, test).values as Float64Array;
    REF.mass.forEach((v, i) => {
      assert.ok(Math.abs((values[i] as number) - v) < 1e-9, `row ${i}: ${values[i]} vs ${v}`);
    });
  });
  it('the k-d tree finds the same neighbours as brute force on random data', () => {
    const r = new Random(3);
    const x = fromRows(Array.from({ length: 3000 }, () => [r.normal(), r.normal(), r.normal(), r.normal()]));
    const q = fromRows(Array.from({ length: 200 }, () => [r.normal(), r.normal(), r.normal(), r.normal()]));
    const a = bruteForce(x, q, 10);
    const b = kdTreeSearch(buildKdTree(x), x, q, 10);
    assert.deepEqual([...a.indices], [...b.indices]);
  });
  it('names a feature-count mismatch', async () => {
    const state = await knn.train(
      { x: train, y: Float64Array.from(REF.y_class), classes: REF.classes, featureNames: [] },
      hp({}),
      ctx,
    );
    assert.throws(() => knn.predict(state, fromRows([[1, 2]])), /takes 3 features, got 2/);
  });
});
