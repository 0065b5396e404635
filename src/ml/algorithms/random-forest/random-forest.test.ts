import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import type { HyperparameterValues, TrainContext, TrainingSet } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { fromRows, type Matrix, matrix } from '../../matrix.js';
import { accuracy, rocAuc } from '../../metrics/index.js';
import { type RandomForestState, randomForest } from './index.js';

const FIXTURES = new URL('../../../../test/fixtures/ml/', import.meta.url);
const ref = JSON.parse(readFileSync(new URL('random-forest/reference.json', FIXTURES), 'utf8'));

interface Spread {
  mean: number;
  std: number;
  min: number;
  max: number;
}

/** A forest is random: Kelp's figure must fall within scikit-learn's own spread over five seeds, ± margin. */
function assertWithin(actual: number, s: Spread, margin: number, what: string): void {
  assert.ok(
    actual >= s.min - margin && actual <= s.max + margin,
    `${what}: ${actual} outside scikit-learn's [${s.min}, ${s.max}] ± ${margin}`,
  );
}

function readCsv(name: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(new URL(name, FIXTURES), 'utf8').trim().split('\n');
  return { header: lines[0]!.split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function context(seed = 7, threads = 1, extra: Partial<TrainContext> = {}): TrainContext {
  return { signal: new AbortController().signal, seed, threads, log: () => {}, metric: () => {}, ...extra };
}

const hp = (values: Record<string, unknown> = {}): HyperparameterValues =>
  parseHyperparameters('random-forest', randomForest.hyperparameters, values);

// letter.csv: 3,000 rows of letter_recognition, the first 2,000 for training.
const letter = readCsv('xgboost/letter.csv');
const target = letter.header.indexOf('lettr');
const letterClasses = [...new Set(letter.rows.map((r) => r[target]!))].sort();
const letterX = fromRows(letter.rows.map((r) => r.filter((_, c) => c !== target).map(Number)));
const letterY = Float64Array.from(letter.rows, (r) => letterClasses.indexOf(r[target]!));
const letterNames = letter.header.filter((_, c) => c !== target);
const split = (m: Matrix, from: number, to: number) =>
  matrix(to - from, m.cols, m.data.slice(from * m.cols, to * m.cols));
const TRAIN = ref.letter.train_rows as number;
const trainX = split(letterX, 0, TRAIN);
const testX = split(letterX, TRAIN, letterX.rows);
const testLabels = Int32Array.from(letterY.subarray(TRAIN));
const letterSet = (y: Float64Array, classes: string[]): TrainingSet => ({
  x: trainX,
  y: y.slice(0, TRAIN),
  classes,
  featureNames: letterNames,
});
// Binary: A-M against N-Z, 1 for A-M as in the reference script.
const binaryY = letterY.map((c) => (letterClasses[c]! <= 'M' ? 1 : 0));
const binaryLabels = Int32Array.from(binaryY.subarray(TRAIN));

/** P(class 1) per row. */
function positive(state: RandomForestState, x: Matrix): Float64Array {
  const s = randomForest.predict(state, x).scores!;
  return Float64Array.from({ length: x.rows }, (_, i) => s.data[2 * i + 1]!);
}

describe('random-forest against scikit-learn', () => {
  it('multiclass letter accuracy and feature importance', async () => {
    const state = await randomForest.train(letterSet(letterY, letterClasses), hp(), context());
    const p = randomForest.predict(state, testX);
    assertWithin(accuracy(testLabels, p.labels!), ref.letter.multiclass.accuracy, 0.015, 'accuracy');
    // Mean decrease in impurity: the same ranking of features, up to noise.
    const expected = ref.letter.importance as number[];
    const gap = expected.reduce((s, e, f) => s + Math.abs(e - state.importance[f]!), 0);
    assert.ok(gap < 0.12, `importance L1 gap ${gap}`);
    assert.ok(Math.abs(state.importance.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  });

  it('binary ROC AUC with gini and entropy, and the out-of-bag accuracy', async () => {
    const metrics: Record<string, number> = {};
    const ctx = context(3, 1, {
      metric: (name, value) => {
        metrics[name] = value;
      },
    });
    const gini = await randomForest.train(letterSet(binaryY, ['0', '1']), hp({ oob_score: true }), ctx);
    const auc = rocAuc(binaryLabels, positive(gini, testX));
    assertWithin(auc, ref.letter.binary.auc, 0.005, 'gini AUC');
    assertWithin(gini.oob!.accuracy!, ref.letter.binary.oob_accuracy, 0.01, 'oob accuracy');
    assert.equal(metrics['oob:accuracy'], gini.oob!.accuracy);
    const entropy = await randomForest.train(
      letterSet(binaryY, ['0', '1']),
      hp({ criterion: 'entropy' }),
      context(),
    );
    assertWithin(
      rocAuc(binaryLabels, positive(entropy, testX)),
      ref.letter.binary.auc_entropy,
      0.005,
      'entropy AUC',
    );
  });

  it('regression on gapminder (complete rows), fully grown and depth-limited', async () => {
    const gap = readCsv('xgboost/gapminder.csv');
    const y = gap.header.indexOf('life_expectancy');
    const complete = (rows: string[][]) => rows.filter((r) => r.every((v) => v !== ''));
    const train = complete(gap.rows.slice(0, ref.gapminder.train_rows));
    const test = complete(gap.rows.slice(ref.gapminder.train_rows));
    assert.equal(train.length, ref.gapminder.train_rows_complete);
    const toX = (rows: string[][]) => fromRows(rows.map((r) => r.filter((_, c) => c !== y).map(Number)));
    const data: TrainingSet = {
      x: toX(train),
      y: Float64Array.from(train, (r) => Number(r[y])),
      featureNames: gap.header.filter((_, c) => c !== y),
    };
    const truth = Float64Array.from(test, (r) => Number(r[y]));
    const rmse = (state: RandomForestState) => {
      const p = randomForest.predict(state, toX(test)).values!;
      return Math.sqrt(p.reduce((s, v, i) => s + (v - truth[i]!) ** 2, 0) / p.length);
    };
    const full = await randomForest.train(data, hp({ predictor_type: 'regressor' }), context());
    const r = ref.gapminder.regression;
    assertWithin(rmse(full), r.rmse, 0.05 * r.rmse.mean, 'rmse');
    const shallow = await randomForest.train(
      data,
      hp({ predictor_type: 'regressor', max_depth: 6, min_samples_leaf: 5 }),
      context(),
    );
    assertWithin(rmse(shallow), r.rmse_depth6, 0.05 * r.rmse_depth6.mean, 'rmse at depth 6');
  });
});

describe('random-forest trees', () => {
  it('a single tree on all rows splits where a hand count says', async () => {
    const x = fromRows([[1], [2], [3], [4], [5], [6]]);
    const one = { num_trees: 1, bootstrap: false, max_features: 'all' };
    const c = await randomForest.train(
      { x, y: Float64Array.from([0, 0, 0, 1, 1, 0]), classes: ['a', 'b'], featureNames: ['x'] },
      hp({ ...one, max_depth: 1 }),
      context(),
    );
    // Gini proxy Σ L²/W_L + Σ R²/W_R: x<4 → 9/3 + (4+1)/3 = 4.67 beats x<6 → (9+4)/5 + 1 = 3.6.
    assert.deepEqual(Array.from(c.trees.feature), [0, -1, -1]);
    assert.equal(c.trees.threshold[0], 4);
    const p = randomForest.predict(c, fromRows([[3.5], [4]]));
    assert.deepEqual(Array.from(p.scores!.data), [1, 0, 1 / 3, 2 / 3].map(Math.fround));
    const r = await randomForest.train(
      { x, y: Float64Array.from([1, 1, 1, 5, 5, 9]), featureNames: ['x'] },
      hp({ ...one, predictor_type: 'regressor', max_depth: 1 }),
      context(),
    );
    assert.deepEqual(
      Array.from(randomForest.predict(r, fromRows([[0], [10]])).values!),
      [1, 19 / 3].map(Math.fround),
    );
    // min_samples_leaf 4 leaves no legal split in 6 rows.
    const leaf = await randomForest.train(
      { x, y: Float64Array.from([1, 1, 1, 5, 5, 9]), featureNames: ['x'] },
      hp({ ...one, predictor_type: 'regressor', min_samples_leaf: 4 }),
      context(),
    );
    assert.equal(leaf.trees.feature.length, 1);
  });

  it('is the same forest for the same seed, whatever the thread count', async () => {
    const data = letterSet(binaryY, ['0', '1']);
    const small = hp({ num_trees: 12, max_depth: 8 });
    const a = await randomForest.train(data, small, context(5, 1));
    const b = await randomForest.train(data, small, context(5, 2));
    assert.deepEqual(a.trees, b.trees);
    const c = await randomForest.train(data, small, context(6, 1));
    assert.notDeepEqual(a.trees.threshold, c.trees.threshold);
  });

  it('resumes from a checkpoint to the same forest', async () => {
    const data = letterSet(binaryY, ['0', '1']);
    const small = hp({ num_trees: 10, max_depth: 6 });
    const snapshots: unknown[] = [];
    const whole = await randomForest.train(
      data,
      small,
      context(9, 1, { checkpoint: async (s) => void snapshots.push(structuredClone(s)) }),
    );
    assert.equal(snapshots.length, 10);
    const resumed = await randomForest.train(data, small, context(9, 1, { resume: snapshots[3] }));
    assert.deepEqual(resumed.trees, whole.trees);
  });

  it('names the problem in bad input', async () => {
    const x = fromRows([[1], [Number.NaN]]);
    await assert.rejects(
      randomForest.train(
        { x, y: Float64Array.from([0, 1]), classes: ['a', 'b'], featureNames: ['f'] },
        hp(),
        context(),
      ),
      /feature 'f' has missing values/,
    );
    await assert.rejects(
      randomForest.train(
        { x: fromRows([[1]]), y: Float64Array.from([0]), classes: ['a'], featureNames: ['f'] },
        hp(),
        context(),
      ),
      /at least two classes/,
    );
    const state = await randomForest.train(
      { x: fromRows([[1], [2]]), y: Float64Array.from([0, 1]), classes: ['a', 'b'], featureNames: ['f'] },
      hp({ num_trees: 2 }),
      context(),
    );
    assert.throws(
      () => randomForest.predict(state, fromRows([[1, 2]])),
      /the model has 1 features, the data 2/,
    );
  });
});
