import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';

import { isPlatformError } from '../../../core/index.js';
import type { TrainContext, TrainingSet } from '../../algorithm.js';
import { parseHyperparameters } from '../../hyperparameters.js';
import { fromRows, type Matrix, matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { evalMetric, rocAuc } from './eval-metrics.js';
import { addTreeOutputs, featureImportance, IMPORTANCE_TYPES } from './tree-ensemble.js';
import { predictMargins, type XGBoostState, xgboost } from './xgboost.js';

const DIR = join(import.meta.dirname, '../../../../test/fixtures/ml/xgboost');

interface RefCase {
  data: string;
  features: string[];
  target: string;
  train_rows: number;
  nan_rate: number;
  params: Record<string, number | string>;
  num_round: number;
  auc?: number;
  logloss?: number;
  accuracy?: number;
  mlogloss?: number;
  rmse?: number;
  mae?: number;
  best_iteration?: number;
  rounds_trained?: number;
  predictions_head: (number | number[])[];
  importance: Record<string, Record<string, number>>;
}
const REF = JSON.parse(readFileSync(join(DIR, 'reference.json'), 'utf8')) as {
  letter_classes: string[];
  cases: Record<string, RefCase>;
};

function readCsv(name: string): { header: string[]; rows: string[][] } {
  const [head, ...lines] = readFileSync(join(DIR, name), 'utf8').trimEnd().split('\n');
  return { header: head!.split(','), rows: lines.map((l) => l.split(',')) };
}
const CSV = { 'letter.csv': readCsv('letter.csv'), 'gapminder.csv': readCsv('gapminder.csv') };

/** The same holes as xgboost_ref.py's inject_nans: a multiplicative hash of (row, feature). */
const isHole = (i: number, j: number, rate: number) =>
  Math.imul(i * 31 + j * 17, 2654435761 | 0) >>> 0 < rate * 2 ** 32;

function dataset(c: RefCase): { train: TrainingSet; test: { x: Matrix; y: Float64Array } } {
  const { header, rows } = CSV[c.data as keyof typeof CSV];
  const col = (name: string) => header.indexOf(name);
  const target = (r: string[]): number => {
    if (c.target === "lettr <= 'M'") return r[col('lettr')]! <= 'M' ? 1 : 0;
    if (c.target === 'lettr') return REF.letter_classes.indexOf(r[col('lettr')]!);
    return Number(r[col(c.target)]);
  };
  const x = rows.map((r, i) =>
    c.features.map((f, j) => {
      const s = r[col(f)]!;
      return s === '' || isHole(i, j, c.nan_rate) ? Number.NaN : Number(s);
    }),
  );
  const y = Float64Array.from(rows, target);
  const n = c.train_rows;
  const classes =
    c.target === 'lettr' ? REF.letter_classes : c.target.startsWith('lettr <=') ? ['N-Z', 'A-M'] : undefined;
  return {
    train: {
      x: fromRows(x.slice(0, n)),
      y: y.slice(0, n),
      featureNames: c.features,
      ...(classes ? { classes } : {}),
    },
    test: { x: fromRows(x.slice(n)), y: y.slice(n) },
  };
}

const ctx = (metrics?: [string, number, number][], seed = 7, threads = 1): TrainContext => ({
  signal: new AbortController().signal,
  seed,
  threads,
  log() {},
  metric(name, value, step) {
    metrics?.push([name, value, step]);
  },
});

const hp = (raw: Record<string, unknown>) => parseHyperparameters('xgboost', xgboost.hyperparameters, raw);

async function trainCase(name: string, extra: Record<string, unknown> = {}, context = ctx()) {
  const c = REF.cases[name]!;
  const { train, test } = dataset(c);
  const state = await xgboost.train(
    train,
    hp({ ...c.params, num_round: c.num_round, ...extra }),
    context,
    c.best_iteration !== undefined ? { ...test, featureNames: c.features } : undefined,
  );
  return { c, state, test, pred: xgboost.predict(state, test.x) };
}

const within = (actual: number, expected: number, tol: number, what: string) =>
  assert.ok(
    Math.abs(actual - expected) <= tol,
    `${what}: Kelp ${actual} vs XGBoost ${expected} (tolerance ${tol})`,
  );

/** The first test predictions agree with XGBoost's (tolerance relative to the value). */
function sameHead(values: ArrayLike<number>, c: RefCase, rel: number): void {
  for (const [i, v] of (c.predictions_head as number[]).entries())
    within(values[i]!, v, rel * Math.max(Math.abs(v), 1e-3), `prediction ${i}`);
}

// The cases reproduce XGBoost's trees (same cuts, gains, tie order, float32 margins): most
// predictions agree to about 1e-7. The tolerances below leave room for float rounding elsewhere.
describe('xgboost against XGBoost 1.7.4 (hist, same hyperparameters, real data)', () => {
  it('binary:logistic: test AUC within 0.005, same probabilities and feature importance', async () => {
    const { c, state, test, pred } = await trainCase('binary');
    const p = Float64Array.from({ length: test.x.rows }, (_, i) => pred.scores!.data[2 * i + 1]!);
    within(rocAuc(p, test.y), c.auc!, 0.005, 'test AUC');
    within(evalMetric('logloss', p, test.y, undefined, 1), c.logloss!, 1e-5, 'test logloss');
    sameHead(p, c, 1e-4);
    for (const type of IMPORTANCE_TYPES) {
      const ours = featureImportance(state.trees, state.featureNames, type);
      for (const [f, v] of Object.entries(c.importance[type]!))
        within(ours[f] ?? 0, v, Math.abs(v) * 0.01, `${type}(${f})`);
    }
    assert.equal(state.trees.group.length, 50);
    assert.deepEqual(
      Array.from(pred.labels!.slice(0, 10)),
      (c.predictions_head as number[]).map((v) => (v > 0.5 ? 1 : 0)),
    );
  });

  it('missing values: learns default directions; AUC within 0.005 on the same NaN-injected data', async () => {
    const { c, state, test, pred } = await trainCase('binary_nan');
    let nan = 0;
    for (const v of test.x.data) if (Number.isNaN(v)) nan++;
    assert.ok(nan > test.x.data.length * 0.1, `${nan} holes`);
    const p = Float64Array.from({ length: test.x.rows }, (_, i) => pred.scores!.data[2 * i + 1]!);
    within(rocAuc(p, test.y), c.auc!, 0.005, 'test AUC');
    sameHead(p, c, 1e-4);
    const splits = Array.from(state.trees.feature).filter((f) => f >= 0).length;
    const left = Array.from(state.trees.defaultLeft).filter(
      (d, i) => d && state.trees.feature[i]! >= 0,
    ).length;
    assert.ok(left > splits * 0.1 && left < splits * 0.9, `${left} of ${splits} splits send missing left`);
    // Scoring by the compiled trees equals the array walk bit for bit, missing values included.
    const n = state.trees.group.length;
    const walked = new Float64Array(test.x.rows).fill(Math.fround(state.baseMargin));
    addTreeOutputs(state.trees, test.x, walked, 1, 0, n - 1);
    addTreeOutputs(state.trees, test.x, walked, 1, n - 1, n);
    assert.deepEqual(predictMargins(state, test.x), walked);
  });

  it('regularization (gamma, min_child_weight, lambda, alpha, scale_pos_weight) and max_bin 6 (quantile bins)', async () => {
    const { c, state, test, pred } = await trainCase('binary_regularized');
    const p = Float64Array.from({ length: test.x.rows }, (_, i) => pred.scores!.data[2 * i + 1]!);
    within(rocAuc(p, test.y), c.auc!, 0.005, 'test AUC');
    sameHead(p, c, 1e-4);
    for (let f = 0; f < state.featureNames.length; f++)
      assert.ok(state.cuts.ptr[f + 1]! - state.cuts.ptr[f]! <= 6, 'at most max_bin bins');
  });

  it('subsample and colsample_bytree: AUC within 0.01 (the row and column draws differ from XGBoost’s)', async () => {
    const { c, test, pred } = await trainCase('binary_sampled');
    const p = Float64Array.from({ length: test.x.rows }, (_, i) => pred.scores!.data[2 * i + 1]!);
    within(rocAuc(p, test.y), c.auc!, 0.01, 'test AUC');
  });

  it('multi:softprob on 26 letters: same accuracy and probabilities, which sum to 1', async () => {
    const { c, state, test, pred } = await trainCase('multiclass');
    const k = REF.letter_classes.length;
    assert.equal(pred.scores!.cols, k);
    assert.equal(state.trees.group.length, c.num_round * k);
    let hits = 0;
    for (let i = 0; i < test.x.rows; i++) if (pred.labels![i] === test.y[i]) hits++;
    within(hits / test.x.rows, c.accuracy!, 0.01, 'accuracy');
    within(evalMetric('mlogloss', pred.scores!.data, test.y, undefined, k), c.mlogloss!, 1e-5, 'mlogloss');
    const row0 = pred.scores!.data.subarray(0, k);
    within(
      row0.reduce((a, b) => a + b, 0),
      1,
      1e-9,
      'sum of probabilities',
    );
    for (const [j, v] of (c.predictions_head[0] as number[]).entries())
      within(row0[j]!, v, 1e-5, `class ${j}`);
  });

  // Default max_bin 256: Kelp's uint8 codes keep code 255 for missing, so the features with missing
  // values get 255 bins and slightly different cuts; the other cases use max_bin 255 on both sides.
  it('reg:squarederror on gapminder (real missing values, max_bin 256): RMSE within 2%', async () => {
    const { c, test, pred } = await trainCase('regression');
    const rmse = evalMetric('rmse', pred.values!, test.y, undefined, 1);
    within(rmse, c.rmse!, c.rmse! * 0.02, 'test RMSE');
  });

  it('reg:absoluteerror (leaves refitted to residual medians): same MAE and predictions', async () => {
    const { c, test, pred } = await trainCase('absoluteerror');
    within(evalMetric('mae', pred.values!, test.y, undefined, 1), c.mae!, c.mae! * 1e-5, 'test MAE');
    sameHead(pred.values!, c, 1e-5);
  });

  it('count:poisson (max_delta_step 0.7): same RMSE and predictions', async () => {
    const { c, test, pred } = await trainCase('poisson');
    within(evalMetric('rmse', pred.values!, test.y, undefined, 1), c.rmse!, c.rmse! * 1e-5, 'test RMSE');
    sameHead(pred.values!, c, 1e-5);
  });

  it('early stopping: stops on the validation metric and keeps the best round', async () => {
    const metrics: [string, number, number][] = [];
    const { c, state, test, pred } = await trainCase(
      'early_stopping',
      { early_stopping_rounds: 10 },
      ctx(metrics),
    );
    const validation = metrics.filter(([n]) => n === 'validation:rmse');
    assert.ok(validation.length < c.num_round, `stopped after ${validation.length} rounds`);
    assert.equal(state.bestIteration, validation.length - 1 - 10);
    assert.equal(state.rounds, state.bestIteration! + 1);
    assert.equal(state.trees.group.length, state.rounds);
    const best = Math.min(...validation.map(([, v]) => v));
    within(state.bestScore!, best, 1e-12, 'best score');
    within(
      evalMetric('rmse', pred.values!, test.y, undefined, 1),
      best,
      1e-9,
      'kept model is the best round',
    );
    // max_bin 255 on both sides gives the same cuts, so the same trees and the same best round.
    assert.equal(state.bestIteration, c.best_iteration);
    within(best, c.rmse!, 1e-4, 'best validation RMSE');
    assert.ok(metrics.some(([n]) => n === 'train:rmse'));
  });
});

describe('xgboost behaviour', () => {
  it('same seed, same model; another seed changes a sampled model', async () => {
    const a = await trainCase('binary_sampled', { num_round: 10 });
    const b = await trainCase('binary_sampled', { num_round: 10 });
    const other = await trainCase('binary_sampled', { num_round: 10 }, ctx(undefined, 8));
    assert.deepEqual(a.pred.scores!.data, b.pred.scores!.data);
    assert.deepEqual(a.state.trees, b.state.trees);
    assert.notDeepEqual(a.pred.scores!.data, other.pred.scores!.data);
  });

  it('reports train and validation metrics every round', async () => {
    const metrics: [string, number, number][] = [];
    const c = REF.cases['binary']!;
    const { train, test } = dataset(c);
    await xgboost.train(train, hp({ num_round: 5 }), ctx(metrics), { ...test, featureNames: c.features });
    assert.deepEqual(
      metrics.map(([n, , s]) => `${n}@${s}`),
      [0, 1, 2, 3, 4].flatMap((s) => [`train:logloss@${s}`, `validation:logloss@${s}`]),
    );
    const train1 = metrics.filter(([n]) => n === 'train:logloss').map(([, v]) => v);
    assert.ok(train1[4]! < train1[0]!, 'training loss falls');
  });

  it('honours ctx.signal between rounds', async () => {
    const c = REF.cases['binary']!;
    const { train } = dataset(c);
    const controller = new AbortController();
    const context = {
      ...ctx(),
      signal: controller.signal,
      metric: (_n: string, _v: number, s: number) => s === 2 && controller.abort(),
    };
    await assert.rejects(xgboost.train(train, hp({ num_round: 100 }), context), { name: 'AbortError' });
  });

  it('rejects bad hyperparameters by name', async () => {
    const expectBad = async (fn: () => unknown, name: string) => {
      try {
        await fn();
        assert.fail(`expected an error about ${name}`);
      } catch (err) {
        assert.ok(isPlatformError(err), String(err));
        assert.equal((err.details as { hyperparameter?: string }).hyperparameter, name, err.message);
        assert.match(err.message, new RegExp(name));
      }
    };
    await expectBad(() => hp({ max_depth: 0 }), 'max_depth');
    await expectBad(() => hp({ eta: 1.5 }), 'eta');
    await expectBad(() => hp({ subsample: 0 }), 'subsample');
    await expectBad(() => hp({ max_bin: 1000 }), 'max_bin');
    await expectBad(() => hp({ objective: 'reg:linear' }), 'objective');
    await expectBad(() => hp({ num_rounds: 10 }), 'num_rounds');
    const c = REF.cases['binary']!;
    const { train } = dataset(c);
    const multi = {
      ...train,
      y: Float64Array.from(train.y!, (v, i) => (v ? 1 : i % 3)),
      classes: ['a', 'b', 'c'],
    };
    await expectBad(
      () => xgboost.train(multi, hp({ objective: 'multi:softprob', num_class: 4 }), ctx()),
      'num_class',
    );
    await expectBad(
      () => xgboost.train(train, hp({ eval_metric: 'rmse', objective: 'multi:softprob' }), ctx()),
      'eval_metric',
    );
    await expectBad(() => xgboost.train(train, hp({ eval_metric: 'mlogloss' }), ctx()), 'eval_metric');
    await expectBad(
      () => xgboost.train(train, hp({ early_stopping_rounds: 5 }), ctx()),
      'early_stopping_rounds',
    );
    await expectBad(() => xgboost.train(train, hp({ base_score: 1 }), ctx()), 'base_score');
  });

  it('edge cases: one row, a constant column, all-missing column, huge magnitudes', async () => {
    const one = await xgboost.train(
      { x: fromRows([[1, 2]]), y: Float64Array.of(3), featureNames: ['a', 'b'] },
      hp({ objective: 'reg:squarederror', num_round: 3, min_child_weight: 0 }),
      ctx(),
    );
    assert.equal(one.trees.feature[0], -1, 'a single row cannot split');
    const r = new Random(3);
    const n = 500;
    const x = new Float64Array(n * 3);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      x[3 * i] = 5; // constant
      x[3 * i + 1] = Number.NaN; // all missing
      x[3 * i + 2] = r.normal() * 1e300;
      y[i] = x[3 * i + 2]! > 0 ? 1e12 : -1e12;
    }
    const state = await xgboost.train(
      { x: matrix(n, 3, x), y, featureNames: ['c', 'm', 'big'] },
      hp({ objective: 'reg:squarederror', num_round: 20 }),
      ctx(),
    );
    const used = new Set(Array.from(state.trees.feature).filter((f) => f >= 0));
    assert.deepEqual([...used], [2], 'only the informative column splits');
    const values = xgboost.predict(state, matrix(n, 3, x)).values!;
    for (let i = 0; i < n; i++) assert.ok(Math.sign(values[i]!) === Math.sign(y[i]!), `row ${i}`);
  });

  it('predicts NaN rows through default directions and rejects a wrong feature count', async () => {
    const { state } = await trainCase('binary_nan', { num_round: 5 });
    const x = matrix(
      1,
      state.featureNames.length,
      new Float64Array(state.featureNames.length).fill(Number.NaN),
    );
    const margins = predictMargins(state as XGBoostState, x);
    assert.ok(Number.isFinite(margins[0]!));
    assert.throws(() => xgboost.predict(state, fromRows([[1, 2]])), /16 features/);
  });

  it('two threads give (nearly) the same model as one', async () => {
    const r = new Random(11);
    const n = 60000;
    const d = 8;
    const x = new Float64Array(n * d);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = r.normal();
        x[i * d + j] = j === 3 && i % 7 === 0 ? Number.NaN : v;
        s += v * (j + 1) * (j % 2 ? -1 : 1);
      }
      y[i] = s + r.normal() > 0 ? 1 : 0;
    }
    const data: TrainingSet = {
      x: matrix(n, d, x),
      y,
      featureNames: Array.from({ length: d }, (_, j) => `f${j}`),
      classes: ['0', '1'],
    };
    const one = await xgboost.train(data, hp({ num_round: 10 }), ctx(undefined, 1, 1));
    const two = await xgboost.train(data, hp({ num_round: 10 }), ctx(undefined, 1, 2));
    const a = xgboost.predict(one, data.x).scores!.data;
    const b = xgboost.predict(two, data.x).scores!.data;
    let worst = 0;
    for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
    assert.ok(worst < 1e-3, `largest difference ${worst}`);
  });
});
