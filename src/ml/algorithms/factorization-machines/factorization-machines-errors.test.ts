import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { TrainContext, TrainingSet } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { type Features, fromRows, toSparse } from '../../matrix.js';
import { factorizationMachines as fm } from './factorization-machines.js';

const ctx = (extra: Partial<TrainContext> = {}): TrainContext => ({
  signal: new AbortController().signal,
  seed: 1,
  threads: 1,
  log() {},
  metric() {},
  ...extra,
});
const hp = (raw: Record<string, unknown>) => parseHyperparameters(fm.name, fm.hyperparameters, raw);

/** Two one-hot users × two one-hot items. */
const x = fromRows([
  [1, 0, 1, 0],
  [1, 0, 0, 1],
  [0, 1, 1, 0],
  [0, 1, 0, 1],
  [1, 0, 1, 0],
]);
const train: TrainingSet<Features> = {
  x,
  y: Float64Array.of(0, 1, 1, 0, 0),
  classes: ['no', 'yes'],
  featureNames: ['u0', 'u1', 'i0', 'i1'],
};

describe('factorization-machines bad input', () => {
  it('rejects more than two classes, naming predictor_type', async () => {
    await assert.rejects(fm.train({ ...train, classes: ['a', 'b', 'c'] }, hp({}), ctx()), /predictor_type/);
  });

  it('rejects class indices other than 0/1 and non-finite regression targets, naming the row', async () => {
    const y = Float64Array.of(0, 1, 1, 0, 2);
    await assert.rejects(fm.train({ ...train, y }, hp({}), ctx()), /training data row 5 .*0 or 1/);
    y[4] = Number.NaN;
    const regressor = hp({ predictor_type: 'regressor' });
    await assert.rejects(fm.train({ ...train, y }, regressor, ctx()), /row 5 has target NaN/);
  });

  it('rejects example weights that are negative, NaN or of another length', async () => {
    for (const weights of [
      Float64Array.of(1, 1, -1, 1, 1),
      Float64Array.of(1, Number.NaN, 1, 1, 1),
      Float64Array.of(1),
    ])
      await assert.rejects(
        fm.train({ ...train, weights }, hp({}), ctx()),
        /non-negative weight for each of its 5 rows/,
      );
  });

  it('rejects NaN and Infinity features, naming the row and column', async () => {
    const x = fromRows([
      [1, 0, 1, 0],
      [0, 1, Number.NaN, 0],
    ]);
    const y = Float64Array.of(0, 1);
    await assert.rejects(fm.train({ ...train, x, y }, hp({}), ctx()), /training data row 2, column 2 is NaN/);
    const model = await fm.train(train, hp({}), ctx());
    const inf = toSparse(
      fromRows([
        [1, 0, 1, 0],
        [0, 0, 0, 0],
        [0, Number.POSITIVE_INFINITY, 0, 1],
      ]),
    );
    assert.throws(() => fm.predict(model, inf), /input row 3, column 1 is Infinity/);
  });

  it('rejects another feature count than the model was trained on, naming both', async () => {
    const model = await fm.train(train, hp({}), ctx());
    assert.throws(() => fm.predict(model, fromRows([[1, 0, 0]])), /takes 4 features, got 3/);
  });

  it('rejects a CSR column index out of range and a validation set of another width', async () => {
    const sparse = toSparse(x);
    const bad = { ...sparse, indices: Int32Array.from(sparse.indices) };
    bad.indices[3] = 99;
    await assert.rejects(fm.train({ ...train, x: bad }, hp({}), ctx()), /column index 99/);
    const narrow = { ...train, x: fromRows([[1, 0, 1]]), y: Float64Array.of(1) };
    await assert.rejects(fm.train(train, hp({}), ctx(), narrow), /validation data has 3 features/);
  });

  it('rejects out-of-range hyperparameters and stops when aborted', async () => {
    assert.throws(() => hp({ num_factors: 0 }), /num_factors/);
    assert.throws(() => hp({ factors_init_method: 'xavier' }), /factors_init_method/);
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(fm.train(train, hp({}), ctx({ signal: controller.signal })), /cancelled/);
  });
});
