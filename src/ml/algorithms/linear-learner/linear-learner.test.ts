import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import type { TrainContext } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { fromRows } from '../../matrix.js';
import { Random } from '../../random.js';
import { linearLearner } from './linear-learner.js';
import { chooseThreshold } from './threshold.js';

const REF = JSON.parse(
  readFileSync(
    join(import.meta.dirname, '../../../../test/fixtures/ml/linear-learner-reference.json'),
    'utf8',
  ),
) as {
  x: number[][];
  binary: { y: number[]; wd: number; coef: number[]; intercept: number; proba: number[] };
  multiclass: { y: number[]; classes: string[]; wd: number; coef: number[][]; intercept: number[] };
  regressor: { y: number[]; wd: number; coef: number[]; intercept: number };
};

const ctx = (): TrainContext => ({
  signal: new AbortController().signal,
  seed: 1,
  threads: 1,
  log() {},
  metric() {},
});

const hp = (raw: Record<string, unknown>) =>
  parseHyperparameters('linear-learner', linearLearner.hyperparameters, raw);
const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

describe('linear-learner against scikit-learn (same regularization)', () => {
  const x = fromRows(REF.x);

  it('binary logistic regression: coefficients within 1e-4 of LogisticRegression(lbfgs)', async () => {
    const state = await linearLearner.train(
      {
        x,
        y: Float64Array.from(REF.binary.y),
        classes: ['other', 'Adelie'],
        featureNames: ['a', 'b', 'c', 'd'],
      },
      hp({
        predictor_type: 'binary_classifier',
        wd: REF.binary.wd,
        normalize_data: false,
        tol: 1e-12,
        binary_classifier_model_selection_criteria: 'loss_function',
      }),
      ctx(),
    );
    REF.binary.coef.forEach((c, j) => {
      close(state.coefficients[j] as number, c, 1e-4, `coef ${j}`);
    });
    close(state.coefficients[4] as number, REF.binary.intercept, 1e-4, 'intercept');
    const p = linearLearner.predict(state, x).scores;
    REF.binary.proba.forEach((v, i) => {
      close(p?.data[2 * i + 1] as number, v, 1e-5, `P(row ${i})`);
    });
  });

  it('multinomial logistic regression: coefficients within 1e-4', async () => {
    const state = await linearLearner.train(
      {
        x,
        y: Float64Array.from(REF.multiclass.y),
        classes: REF.multiclass.classes,
        featureNames: ['a', 'b', 'c', 'd'],
      },
      hp({
        predictor_type: 'multiclass_classifier',
        wd: REF.multiclass.wd,
        normalize_data: false,
        tol: 1e-12,
      }),
      ctx(),
    );
    // Softmax is unchanged by adding one vector to every class; sklearn's L2 term picks the
    // solution whose coefficients sum to zero per feature, and so does ours (same penalty).
    REF.multiclass.coef.forEach((row, k) => {
      row.forEach((c, j) => {
        close(state.coefficients[k * 5 + j] as number, c, 1e-4, `class ${k} coef ${j}`);
      });
    });
    const mean = REF.multiclass.intercept.reduce((s, v) => s + v, 0) / 3;
    const ours = [0, 1, 2].map((k) => state.coefficients[k * 5 + 4] as number);
    const oursMean = ours.reduce((s, v) => s + v, 0) / 3;
    ours.forEach((b, k) => {
      close(b - oursMean, (REF.multiclass.intercept[k] as number) - mean, 1e-4, `intercept ${k}`);
    });
  });

  it('regression: coefficients of Ridge(alpha) within 1e-4', async () => {
    const xr = fromRows(REF.x.map((r) => r.slice(0, 3)));
    const state = await linearLearner.train(
      { x: xr, y: Float64Array.from(REF.regressor.y), featureNames: ['a', 'b', 'c'] },
      hp({
        predictor_type: 'regressor',
        wd: REF.regressor.wd,
        normalize_data: false,
        normalize_label: false,
        tol: 1e-9,
      }),
      ctx(),
    );
    REF.regressor.coef.forEach((c, j) => {
      close(state.coefficients[j] as number, c, 1e-4 * Math.max(1, Math.abs(c)), `coef ${j}`);
    });
    close(
      state.coefficients[3] as number,
      REF.regressor.intercept,
      1e-4 * Math.abs(REF.regressor.intercept),
      'intercept',
    );
  });

  it('normalizing data reports coefficients in original units and predicts the same classes', async () => {
    const scaled = fromRows(REF.x.map((r) => r.map((v, j) => v * 10 ** j + 3)));
    const y = Float64Array.from(REF.binary.y);
    const state = await linearLearner.train(
      { x: scaled, y, classes: ['n', 'y'], featureNames: ['a', 'b', 'c', 'd'] },
      hp({ predictor_type: 'binary_classifier' }),
      ctx(),
    );
    const labels = linearLearner.predict(state, scaled).labels as Int32Array;
    const accuracy = labels.reduce((s, l, i) => s + (l === y[i] ? 1 : 0), 0) / labels.length;
    assert.ok(accuracy > 0.97, `accuracy ${accuracy}`);
  });

  it('adam with L1 drives useless weights to zero; the same seed gives the same model', async () => {
    const noise = new Random(42);
    const rows = REF.x.map((r) => [...r, noise.next()]);
    const data = {
      x: fromRows(rows),
      y: Float64Array.from(REF.binary.y),
      classes: ['n', 'y'],
      featureNames: ['a', 'b', 'c', 'd', 'noise'],
    };
    const params = hp({
      predictor_type: 'binary_classifier',
      optimizer: 'adam',
      l1: 0.05,
      epochs: 60,
      learning_rate: 0.05,
      mini_batch_size: 32,
    });
    const a = await linearLearner.train(data, params, ctx());
    const b = await linearLearner.train(data, params, ctx());
    assert.deepEqual(a.coefficients, b.coefficients);
    assert.equal(a.coefficients[4], 0, `noise weight ${a.coefficients[4]}`);
    assert.ok(Math.abs(a.coefficients[0] as number) > 0.1, 'a useful weight stays');
  });

  it('resumes from a checkpoint to exactly the model an uninterrupted run makes', async () => {
    const data = {
      x,
      y: Float64Array.from(REF.binary.y),
      classes: ['n', 'y'],
      featureNames: ['a', 'b', 'c', 'd'],
    };
    const params = hp({
      predictor_type: 'binary_classifier',
      optimizer: 'adam',
      epochs: 8,
      mini_batch_size: 50,
      early_stopping_patience: 100,
    });
    const whole = await linearLearner.train(data, params, ctx());
    let saved: unknown;
    const crashing = {
      ...ctx(),
      checkpoint: async (snapshot: unknown) => {
        saved = structuredClone(snapshot);
        if ((snapshot as { epoch: number }).epoch === 3) throw new Error('process died');
      },
    };
    await assert.rejects(linearLearner.train(data, params, crashing), /process died/);
    const resumed = await linearLearner.train(data, params, { ...ctx(), resume: saved });
    assert.deepEqual(resumed.coefficients, whole.coefficients);
  });

  it('rejects wrong class counts and unknown or out-of-range hyperparameters by name', async () => {
    await assert.rejects(
      linearLearner.train(
        { x, y: Float64Array.from(REF.multiclass.y), classes: REF.multiclass.classes, featureNames: [] },
        hp({ predictor_type: 'binary_classifier' }),
        ctx(),
      ),
      /binary_classifier needs exactly 2 classes/,
    );
    assert.throws(
      () => hp({ learning_rat: 0.1 }),
      /unknown hyperparameter 'learning_rat' \(did you mean 'learning_rate'\?\)/,
    );
    assert.throws(() => hp({ wd: -1 }), /hyperparameter 'wd' must be in 0\.\.∞, got -1/);
    assert.throws(() => hp({ predictor_type: 'ranker' }), /must be one of binary_classifier/);
  });
});

describe('decision threshold selection', () => {
  const p = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2, 0.1]);
  const y = Float64Array.from([1, 1, 0, 1, 0, 1, 0, 0]);
  const opts = { targetRecall: 1, targetPrecision: 1, beta: 1 };
  it('maximizes accuracy, F1, precision at a recall and recall at a precision', () => {
    // 0.8 and 0.6 both classify 6 of 8 right; the higher threshold is found first and kept.
    assert.equal(chooseThreshold(p, y, 'accuracy', opts), 0.8);
    assert.equal(chooseThreshold(p, y, 'f_beta', opts), 0.3);
    assert.equal(chooseThreshold(p, y, 'precision_at_target_recall', opts), 0.3);
    assert.equal(chooseThreshold(p, y, 'recall_at_target_precision', opts), 0.8);
  });
});
