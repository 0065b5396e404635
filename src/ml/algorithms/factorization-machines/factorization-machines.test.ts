import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { TrainContext, TrainingSet } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { type Features, type SparseMatrix, toDense } from '../../matrix.js';
import { factorizationMachines as fm } from './factorization-machines.js';

const REF = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../test/fixtures/ml/factorization-machines/toronto-reference.json'),
    'utf8',
  ),
) as {
  features: string[];
  ones: number[][];
  binary: { y: number[]; wd: number; coef: number[]; intercept: number };
  regressor: { y: number[]; wd: number; coef: number[]; intercept: number };
};

interface Recorder {
  metrics: [string, number, number][];
  snapshots: unknown[];
}

const ctx = (extra: Partial<TrainContext> = {}, rec?: Recorder): TrainContext => ({
  signal: new AbortController().signal,
  seed: 1,
  threads: 1,
  log() {},
  metric: (name, value, step) => {
    rec?.metrics.push([name, value, step]);
  },
  // The trainer passes live arrays (the job runner serializes them at once): keep a copy.
  checkpoint: async (snapshot) => {
    rec?.snapshots.push(structuredClone(snapshot));
  },
  ...extra,
});

const hp = (raw: Record<string, unknown>) => parseHyperparameters(fm.name, fm.hyperparameters, raw);

/** CSR rows of ones at the given columns. */
function oneHot(rows: readonly (readonly number[])[], cols: number): SparseMatrix {
  const indptr = new Int32Array(rows.length + 1);
  rows.forEach((r, i) => {
    indptr[i + 1] = indptr[i]! + r.length;
  });
  const indices = Int32Array.from(rows.flat());
  return { rows: rows.length, cols, indptr, indices, values: new Float64Array(indices.length).fill(1) };
}

const set = (x: Features, y: number[], classes?: string[]): TrainingSet<Features> => ({
  x,
  y: Float64Array.from(y),
  featureNames: Array.from({ length: x.cols }, (_, j) => `f${j}`),
  ...(classes ? { classes } : {}),
});

/** A linear model: factors start at 0 and never move (0 is a stationary point of V). */
const LINEAR = { num_factors: 2, factors_init_method: 'constant', factors_init_value: 0, factors_lr: 0 };

/**
 * User/item pairs, one-hot (users 0..n-1, items n..2n-1), labelled by whether their parities
 * differ: no per-user plus per-item weights can fit it, a rank-1 interaction can.
 */
function xorPairs(n: number) {
  const train: number[][] = [];
  const test: number[][] = [];
  const yTrain: number[] = [];
  const yTest: number[] = [];
  for (let u = 0; u < n; u++)
    for (let i = 0; i < n; i++) {
      const holdOut = (u * 7 + i * 3) % 5 === 0;
      (holdOut ? test : train).push([u, n + i]);
      (holdOut ? yTest : yTrain).push((u + i) % 2);
    }
  return {
    train: set(oneHot(train, 2 * n), yTrain, ['same', 'different']),
    test: set(oneHot(test, 2 * n), yTest, ['same', 'different']),
  };
}

const accuracy = (labels: Int32Array, y: Float64Array) =>
  labels.reduce((s, l, i) => s + (l === y[i] ? 1 : 0), 0) / labels.length;

describe('factorization-machines as a linear model equals scikit-learn (same L2)', () => {
  const x = oneHot(REF.ones, REF.features.length);
  const n = REF.ones.length;
  for (const kind of ['binary', 'regressor'] as const) {
    // Gradient descent converges slowest along bias-versus-group directions (λmin 0.005 for Ridge).
    const tol = kind === 'binary' ? 1e-4 : 5e-3;
    it(`${kind}: weights within ${tol} of ${kind === 'binary' ? 'LogisticRegression' : 'Ridge'}`, async () => {
      const ref = REF[kind];
      const state = await fm.train(
        set(x, ref.y, kind === 'binary' ? ['No', 'Yes'] : undefined),
        hp({
          ...LINEAR,
          predictor_type: kind === 'binary' ? 'binary_classifier' : 'regressor',
          // Full-batch gradient descent on mean loss + wd/2·‖w‖², the objective sklearn's C/α set.
          optimizer: 'sgd',
          mini_batch_size: n,
          epochs: 3000,
          // From the mean target: the unpenalized bias trades off against every one-hot group, a
          // direction only wd curves, so gradient descent moves slowly along it.
          bias_init_method: 'constant',
          bias_init_value: kind === 'binary' ? 0 : ref.y.reduce((a, b) => a + b) / n,
          // Below 2/λmax of the Hessian (λmax of XᵀX/n is 4.4; the logistic loss curves ≤ 1/4 of it).
          bias_lr: kind === 'binary' ? 1.5 : 0.4,
          linear_lr: kind === 'binary' ? 1.5 : 0.4,
          bias_wd: 0,
          linear_wd: ref.wd,
        }),
        ctx(),
      );
      ref.coef.forEach((c, j) => {
        assert.ok(Math.abs(state.linear[j]! - c) < tol, `${REF.features[j]}: ${state.linear[j]} vs ${c}`);
      });
      assert.ok(Math.abs(state.bias - ref.intercept) < tol, `intercept ${state.bias} vs ${ref.intercept}`);
      assert.ok(state.factors.every((v) => v === 0));
    });
  }
});

describe('factorization-machines interactions', () => {
  it('learns a user × item parity interaction that a linear model cannot', async () => {
    const { train, test } = xorPairs(20);
    const rec: Recorder = { metrics: [], snapshots: [] };
    const common = { epochs: 40, mini_batch_size: 20, num_factors: 4 };
    const state = await fm.train(
      train,
      hp({ ...common, factors_lr: 0.05, factors_init_sigma: 0.1, linear_lr: 0.01 }),
      ctx({}, rec),
      test,
    );
    const linear = await fm.train(train, hp({ ...common, ...LINEAR, linear_lr: 0.01 }), ctx());
    const yTest = test.y as Float64Array;
    const fmAccuracy = accuracy(fm.predict(state, test.x).labels as Int32Array, yTest);
    const linearAccuracy = accuracy(fm.predict(linear, test.x).labels as Int32Array, yTest);
    assert.ok(fmAccuracy >= 0.95, `FM held-out accuracy ${fmAccuracy}`);
    assert.ok(Math.abs(linearAccuracy - 0.5) <= 0.15, `linear held-out accuracy ${linearAccuracy}`);
    const last = (name: string) => rec.metrics.filter(([n]) => n === name).at(-1);
    assert.deepEqual(last('validation:binary_classification_accuracy')?.slice(1), [fmAccuracy, 40]);
    assert.ok((last('train:binary_classification_cross_entropy')?.[1] ?? 1) < 0.2);
    assert.ok(last('validation:binary_f_beta') && last('validation:binary_classification_cross_entropy'));
  });
});

describe('factorization-machines training runs', () => {
  const { train } = xorPairs(12);
  const params = hp({ epochs: 2, mini_batch_size: 16, num_factors: 3, factors_lr: 0.01 });

  it('same seed, same model; another seed, another model', async () => {
    const a = await fm.train(train, params, ctx({ seed: 3 }));
    const b = await fm.train(train, params, ctx({ seed: 3 }));
    const c = await fm.train(train, params, ctx({ seed: 4 }));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.factors, c.factors);
  });

  it('dense and sparse input train the same model and predict the same', async () => {
    const sparse = train.x;
    const dense = toDense(sparse);
    const fromSparse = await fm.train(train, params, ctx());
    const fromDense = await fm.train({ ...train, x: dense }, params, ctx());
    assert.deepEqual(fromDense, fromSparse);
    assert.deepEqual(fm.predict(fromSparse, dense), fm.predict(fromSparse, sparse));
  });

  for (const optimizer of ['adam', 'sgd']) {
    it(`${optimizer}: resuming from the epoch-1 checkpoint gives the uninterrupted model`, async () => {
      const rec: Recorder = { metrics: [], snapshots: [] };
      const p = { ...params, optimizer };
      const whole = await fm.train(train, p, ctx({}, rec));
      assert.equal(rec.snapshots.length, 2);
      const resumed: Recorder = { metrics: [], snapshots: [] };
      const rest = await fm.train(train, p, ctx({ resume: rec.snapshots[0] }, resumed));
      assert.deepEqual(rest, whole);
      assert.deepEqual(
        resumed.metrics.map(([, , step]) => step),
        [2],
      );
    });
  }

  it('an example weight of 2 trains as the example twice (summed full-batch gradient)', async () => {
    const rows = [
      [0, 3],
      [1, 2],
      [0, 2],
      [1, 3],
    ];
    const y = [1, 0, 0, 1];
    const sgd = hp({ optimizer: 'sgd', mini_batch_size: 100, rescale_grad: 1, epochs: 5, num_factors: 2 });
    const weighted = await fm.train(
      { ...set(oneHot(rows, 4), y, ['a', 'b']), weights: Float64Array.of(2, 1, 1, 1) },
      sgd,
      ctx(),
    );
    const twice = await fm.train(set(oneHot([...rows, rows[0]!], 4), [...y, 1], ['a', 'b']), sgd, ctx());
    weighted.factors.forEach((v, i) => {
      assert.ok(Math.abs(v - twice.factors[i]!) < 1e-12, `factor ${i}`);
    });
    assert.ok(Math.abs(weighted.bias - twice.bias) < 1e-12);
  });

  it('a regressor predicts values; kindOf follows predictor_type', async () => {
    const y = Float64Array.from(train.y as Float64Array, (v) => 2 * v - 1);
    const state = await fm.train(
      { ...train, y, classes: undefined },
      hp({ predictor_type: 'regressor' }),
      ctx(),
    );
    const out = fm.predict(state, train.x);
    assert.equal(out.values?.length, train.x.rows);
    assert.equal(out.labels, undefined);
    assert.equal(fm.kindOf(hp({ predictor_type: 'regressor' })), 'regressor');
    assert.equal(fm.kindOf(hp({})), 'classifier');
  });
});
