import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { isPlatformError } from '../../core/index.js';
import { matrix, takeRows } from '../matrix.js';
import { Random } from '../random.js';
import {
  accuracy,
  averagePrecision,
  averagePrecisionOvr,
  balancedAccuracy,
  calibrationCurve,
  classificationReport,
  classScores,
  confusionMatrix,
  f1,
  inertia,
  logLoss,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  precision,
  precisionRecallF1,
  r2Score,
  recall,
  regressionReport,
  rocAuc,
  rocAucOvr,
  rootMeanSquaredError,
  silhouetteScore,
} from './index.js';

// ---------------------------------------------------------------- fixture (scripts/reference/metrics.py)

type Num = number | null; // null = NaN
interface Prf {
  precision: Num;
  recall: Num;
  f1: Num;
}
interface LabelCase {
  name: string;
  numClasses: number;
  yTrue: number[];
  yPred: number[];
  expected: { accuracy: number; balancedAccuracy: number; confusionMatrix: number[] } & Record<
    'zeroDivision0' | 'zeroDivision1',
    {
      macro: Prf;
      weighted: Prf;
      micro: Prf;
      perClass: { precision: Num[]; recall: Num[]; f1: Num[] };
      binary?: Prf & { positive: 0 | 1 };
    }
  >;
}
interface BinaryCase {
  name: string;
  yTrue: number[];
  scores: number[];
  expected: Record<'averagePrecision' | 'averagePrecisionPositive0', number> &
    Partial<Record<'rocAuc' | 'rocAucPositive0', number>>;
}
interface ProbabilityCase {
  name: string;
  numClasses: number;
  yTrue: number[];
  probabilities: number[];
  expected: Record<
    'logLoss' | 'logLossEpsAuto' | 'averagePrecisionOvrMacro' | 'averagePrecisionOvrWeighted',
    number
  > &
    Partial<Record<'logLossPositiveColumn' | 'rocAuc' | 'rocAucOvrMacro' | 'rocAucOvrWeighted', number>>;
}
interface CalibrationCase {
  name: string;
  nBins: number;
  yTrue: number[];
  probabilities: number[];
  expected: { probTrue: number[]; probPred: number[] };
}
interface RegressionCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  expected: Record<'mse' | 'rmse' | 'mae' | 'r2' | 'mape', Num>;
}
interface ClusteringCase {
  name: string;
  rows: number;
  cols: number;
  x?: number[];
  xFrom?: string;
  labels: number[];
  centers?: number[];
  expected: { silhouette: number; inertia?: number; kmeansInertia?: number };
}
interface Fixture {
  versions: { sklearn: string };
  labels: LabelCase[];
  binary: BinaryCase[];
  probabilities: ProbabilityCase[];
  calibration: CalibrationCase[];
  regression: RegressionCase[];
  clustering: ClusteringCase[];
}

const fixture: Fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/ml/metrics-reference.json', import.meta.url), 'utf8'),
);

/**
 * |actual - expected| ≤ abs, or ≤ rel x |expected| for large values (MSE in USD², MAPE with zero
 * targets: there 1e-9 is below one ulp). null expected means NaN; NaN equals NaN.
 */
function expectClose(actual: number, expected: Num, what: string, { abs = 1e-9, rel = 1e-12 } = {}): void {
  if (expected === null || Number.isNaN(expected)) {
    assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
    return;
  }
  const diff = Math.abs(actual - expected);
  assert.ok(
    diff <= abs || diff <= rel * Math.abs(expected),
    `${what}: got ${actual}, sklearn ${expected} (diff ${diff})`,
  );
}

function expectAllClose(actual: ArrayLike<number>, expected: readonly Num[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++)
    expectClose(actual[i] as number, expected[i] as Num, `${what}[${i}]`);
}

function throwsInvalid(fn: () => unknown, message: RegExp): void {
  assert.throws(fn, (e: unknown) => {
    assert.ok(isPlatformError(e), `not a PlatformError: ${e}`);
    assert.equal(e.code, 'invalid_argument');
    assert.match(e.message, message);
    return true;
  });
}

const i32 = (a: readonly number[]) => Int32Array.from(a);
const f64 = (a: readonly number[]) => Float64Array.from(a);

// ---------------------------------------------------------------- against scikit-learn

describe(`metrics equal scikit-learn ${fixture.versions.sklearn}`, () => {
  for (const c of fixture.labels)
    it(`label metrics: ${c.name}`, () => {
      const [t, p, k] = [i32(c.yTrue), i32(c.yPred), c.numClasses];
      expectClose(accuracy(t, p), c.expected.accuracy, 'accuracy');
      expectClose(balancedAccuracy(t, p, k), c.expected.balancedAccuracy, 'balanced accuracy');
      assert.deepEqual(Array.from(confusionMatrix(t, p, k)), c.expected.confusionMatrix);
      for (const zeroDivision of [0, 1] as const) {
        const e = c.expected[`zeroDivision${zeroDivision}`];
        for (const average of ['macro', 'weighted', 'micro'] as const) {
          const got = precisionRecallF1(t, p, k, { average, zeroDivision });
          for (const m of ['precision', 'recall', 'f1'] as const)
            expectClose(got[m], e[average][m], `${average} ${m} (zero division ${zeroDivision})`);
        }
        const per = classScores(t, p, k, { zeroDivision });
        for (const m of ['precision', 'recall', 'f1'] as const)
          expectAllClose(per[m], e.perClass[m], `per-class ${m} (zero division ${zeroDivision})`);
        if (e.binary) {
          const options = { average: 'binary', positive: e.binary.positive, zeroDivision } as const;
          expectClose(precision(t, p, k, options), e.binary.precision, 'binary precision');
          expectClose(recall(t, p, k, options), e.binary.recall, 'binary recall');
          expectClose(f1(t, p, k, options), e.binary.f1, 'binary f1');
        }
      }
    });

  for (const c of fixture.binary)
    it(`ROC AUC and average precision: ${c.name}`, () => {
      const t = i32(c.yTrue);
      const s = f64(c.scores);
      const negated = s.map((v) => -v);
      expectClose(averagePrecision(t, s), c.expected.averagePrecision, 'average precision');
      expectClose(
        averagePrecision(t, negated, { positive: 0 }),
        c.expected.averagePrecisionPositive0,
        'AP, 0',
      );
      if (c.expected.rocAuc === undefined) {
        throwsInvalid(() => rocAuc(t, s), /ROC AUC is undefined: yTrue holds only class 0/);
      } else {
        expectClose(rocAuc(t, s), c.expected.rocAuc, 'ROC AUC');
        expectClose(
          rocAuc(t, negated, { positive: 0 }),
          c.expected.rocAucPositive0 ?? Number.NaN,
          'ROC AUC, 0',
        );
      }
    });

  for (const c of fixture.probabilities)
    it(`probability metrics: ${c.name}`, () => {
      const [t, p, k, e] = [i32(c.yTrue), f64(c.probabilities), c.numClasses, c.expected];
      expectClose(logLoss(t, p, k, { eps: 1e-15 }), e.logLoss, 'log loss (eps 1e-15)');
      expectClose(logLoss(t, p, k), e.logLossEpsAuto, "log loss (default: sklearn 1.2's eps 'auto')");
      if (e.logLossPositiveColumn !== undefined) {
        const p1 = f64(c.probabilities.filter((_, i) => i % 2 === 1));
        expectClose(logLoss(t, p1, 2), e.logLossPositiveColumn, 'log loss of class-1 column');
        if (e.rocAuc !== undefined) expectClose(rocAuc(t, p1), e.rocAuc, 'binary ROC AUC');
      }
      expectClose(averagePrecisionOvr(t, p, k), e.averagePrecisionOvrMacro, 'AP one-vs-rest macro');
      expectClose(
        averagePrecisionOvr(t, p, k, { average: 'weighted' }),
        e.averagePrecisionOvrWeighted,
        'AP one-vs-rest weighted',
      );
      if (e.rocAucOvrMacro !== undefined) {
        expectClose(rocAucOvr(t, p, k), e.rocAucOvrMacro, 'ROC AUC one-vs-rest macro');
        expectClose(
          rocAucOvr(t, p, k, { average: 'weighted' }),
          e.rocAucOvrWeighted ?? Number.NaN,
          'weighted',
        );
      }
    });

  for (const c of fixture.calibration)
    it(`calibration curve: ${c.name}`, () => {
      const curve = calibrationCurve(i32(c.yTrue), f64(c.probabilities), { nBins: c.nBins });
      expectAllClose(curve.probTrue, c.expected.probTrue, 'probTrue');
      expectAllClose(curve.probPred, c.expected.probPred, 'probPred');
      assert.equal(
        curve.counts.reduce((a, b) => a + b, 0),
        c.yTrue.length,
      );
    });

  for (const c of fixture.regression)
    it(`regression metrics: ${c.name}`, () => {
      const [t, p, e] = [f64(c.yTrue), f64(c.yPred), c.expected];
      expectClose(meanSquaredError(t, p), e.mse, 'MSE');
      expectClose(rootMeanSquaredError(t, p), e.rmse, 'RMSE');
      expectClose(meanAbsoluteError(t, p), e.mae, 'MAE');
      expectClose(r2Score(t, p), e.r2, 'R²');
      expectClose(meanAbsolutePercentageError(t, p), e.mape, 'MAPE');
    });

  for (const c of fixture.clustering)
    it(`clustering metrics: ${c.name}`, () => {
      const x = matrix(
        c.rows,
        c.cols,
        f64(c.x ?? fixture.clustering.find((o) => o.name === c.xFrom)?.x ?? []),
      );
      const labels = i32(c.labels);
      expectClose(silhouetteScore(x, labels), c.expected.silhouette, 'silhouette');
      if (c.centers && c.expected.inertia !== undefined) {
        const centers = matrix(c.centers.length / c.cols, c.cols, f64(c.centers));
        expectClose(inertia(x, labels, centers), c.expected.inertia, 'inertia');
        if (c.expected.kmeansInertia !== undefined)
          expectClose(inertia(x, labels, centers), c.expected.kmeansInertia, 'KMeans.inertia_');
      }
    });
});

// ---------------------------------------------------------------- closed forms and edges

describe('metric edge cases', () => {
  it('scores one row and constant inputs', () => {
    assert.equal(accuracy(i32([1]), i32([1])), 1);
    assert.equal(balancedAccuracy(i32([0, 0, 0]), i32([0, 1, 0]), 2), 2 / 3);
    // A constant score ranks nothing: AUC 1/2, AP = prevalence.
    assert.equal(rocAuc(i32([0, 1, 1, 0]), f64([7, 7, 7, 7])), 0.5);
    assert.equal(averagePrecision(i32([0, 1, 1, 0]), f64([7, 7, 7, 7])), 0.5);
    assert.equal(averagePrecision(i32([1, 1]), f64([0.1, 0.9])), 1);
    assert.equal(r2Score(f64([5]), f64([5])), Number.NaN);
    assert.equal(meanSquaredError(f64([2]), f64([-1])), 9);
  });

  it('is exact at large magnitudes and with infinite scores', () => {
    const t = i32([0, 1, 0, 1, 1, 0]);
    const s = f64([1, 2, 3, 4, 5, 0]);
    const big = s.map((v) => v * 1e300);
    assert.equal(rocAuc(t, big), rocAuc(t, s));
    assert.equal(averagePrecision(t, big), averagePrecision(t, s));
    assert.equal(rocAuc(i32([0, 1, 0]), f64([Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, 0])), 1);
    assert.equal(meanAbsoluteError(f64([1e300, -1e300]), f64([1e300, -1e300])), 0);
    assert.equal(meanSquaredError(f64([1e200]), f64([-1e200])), Number.POSITIVE_INFINITY);
  });

  it('AUC counts tied pairs as half, exactly (Mann-Whitney)', () => {
    const rng = new Random(9);
    const n = 2000;
    const t = new Int32Array(n);
    const s = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      t[i] = rng.next() < 0.3 ? 1 : 0;
      s[i] = rng.int(20) + t[i]! * 3;
    }
    let wins = 0;
    let pairs = 0;
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++)
        if (t[i] === 1 && t[j] === 0) {
          pairs++;
          wins += s[i]! > s[j]! ? 1 : s[i] === s[j] ? 0.5 : 0;
        }
    assert.equal(rocAuc(t, s), wins / pairs);
  });

  it('a log loss clips certain mistakes at eps', () => {
    assert.equal(logLoss(i32([0]), f64([0, 1]), 2, { eps: 1e-15 }), -Math.log(1e-15 / (1e-15 + (1 - 1e-15))));
    assert.equal(logLoss(i32([1, 0]), f64([1, 0]), 2, { eps: 1e-15 }), -Math.log(1 - 1e-15));
    throwsInvalid(() => logLoss(i32([0]), f64([0.5, 0.5]), 2, { eps: 0.5 }), /eps must be in/);
  });

  it('calibration bins follow numpy linspace and searchsorted', () => {
    const curve = calibrationCurve(i32([0, 1, 1, 0]), f64([0, 0.1 * 3, 0.3, 1]), { nBins: 10 });
    // 0.1 * 3 is the edge 3 x (1 / 10) itself, so it joins 0.3 in bin 2 (0.2, 0.3].
    assert.deepEqual(Array.from(curve.bins), [0, 2, 9]);
    assert.deepEqual(Array.from(curve.counts), [1, 2, 1]);
    assert.deepEqual(Array.from(curve.probTrue), [0, 1, 0]);
  });

  it('samples the silhouette with a seeded subset above sampleSize', () => {
    const rng = new Random(1);
    const rows = 400;
    const x = matrix(rows, 3);
    const labels = new Int32Array(rows);
    for (let i = 0; i < rows; i++) {
      labels[i] = i % 3;
      for (let j = 0; j < 3; j++) x.data[i * 3 + j] = rng.normal() + 4 * labels[i]! * (j === 0 ? 1 : 0);
    }
    const exact = silhouetteScore(x, labels);
    assert.equal(silhouetteScore(x, labels, { sampleSize: rows }), exact);
    const sampled = silhouetteScore(x, labels, { sampleSize: 120, seed: 7 });
    assert.equal(silhouetteScore(x, labels, { sampleSize: 120, seed: 7 }), sampled);
    assert.notEqual(silhouetteScore(x, labels, { sampleSize: 120, seed: 8 }), sampled);
    const pick = new Random(7).sample(rows, 120);
    const sub = Int32Array.from(pick, (r) => labels[r]!);
    assert.equal(silhouetteScore(takeRows(x, pick), sub), sampled);
    assert.ok(Math.abs(sampled - exact) < 0.05, `${sampled} vs ${exact}`);
  });

  it('rejects bad input with invalid_argument', () => {
    const t = i32([0, 1, 1]);
    throwsInvalid(() => accuracy(t, i32([0, 1])), /yTrue has 3 values but yPred has 2/);
    throwsInvalid(() => accuracy(i32([]), i32([])), /empty/);
    throwsInvalid(() => confusionMatrix(t, i32([0, 2, 1]), 2), /yPred\[1\] = 2 is not a class index in 0..1/);
    throwsInvalid(() => f1(t, t, 3, { average: 'binary' }), /needs numClasses = 2/);
    throwsInvalid(() => rocAuc(i32([1, 1]), f64([0.2, 0.3])), /only class 1/);
    throwsInvalid(() => rocAuc(t, f64([0.1, Number.NaN, 0.3])), /scores\[1\] is NaN/);
    throwsInvalid(() => rocAuc(i32([0, 2]), f64([0.1, 0.3])), /yTrue\[1\] = 2/);
    throwsInvalid(
      () => rocAucOvr(i32([0, 1, 1]), f64([1, 0, 0, 0, 1, 0, 0, 1, 0]), 3),
      /class 2 does not occur/,
    );
    throwsInvalid(() => rocAucOvr(i32([0, 1]), f64([0.9, 0.9, 0.1, 0.9]), 2), /row 0 sums to 1.8/);
    throwsInvalid(() => logLoss(t, f64([0.5, 0.5]), 2), /3 rows x 2 classes need 6 \(or 3 probabilities/);
    throwsInvalid(
      () => calibrationCurve(i32([0, 1]), f64([0.5, 1.5])),
      /probabilities\[1\] = 1.5 is outside/,
    );
    throwsInvalid(
      () => meanSquaredError(f64([1, Number.NaN]), f64([1, 2])),
      /yTrue\[1\] = NaN is not a finite/,
    );
    const x = matrix(4, 1, f64([0, 1, 2, 3]));
    throwsInvalid(() => silhouetteScore(x, i32([5, 5, 5, 5])), /2 to rows - 1 = 3 distinct labels, got 1/);
    throwsInvalid(() => silhouetteScore(x, i32([0, 1, 2, 3])), /got 4/);
    throwsInvalid(() => inertia(x, i32([0, 0, 1, 2]), matrix(2, 1)), /labels\[3\] = 2 is not a centre index/);
  });
});

describe('reports', () => {
  const penguins = fixture.probabilities.find((c) => c.name === 'penguins-species-softmax')!;
  const t = i32(penguins.yTrue);
  const p = f64(penguins.probabilities);
  const pred = Int32Array.from(t, (_, i) => {
    const row = p.subarray(i * 3, i * 3 + 3);
    return row.indexOf(Math.max(...row));
  });

  it('gathers the classification figures, JSON-ready', () => {
    const r = classificationReport(t, pred, p, ['Adelie', 'Chinstrap', 'Gentoo']);
    assert.equal(r.samples, t.length);
    assert.equal(r.accuracy, accuracy(t, pred));
    assert.deepEqual(r.macro, precisionRecallF1(t, pred, 3));
    assert.deepEqual(r.weighted, precisionRecallF1(t, pred, 3, { average: 'weighted' }));
    assert.equal(r.perClass[2]?.class, 'Gentoo');
    assert.equal(r.perClass[2]?.support, 123); // 124 Gentoos, one without measurements
    assert.deepEqual(r.confusionMatrix.flat(), Array.from(confusionMatrix(t, pred, 3)));
    expectClose(r.logLoss ?? Number.NaN, penguins.expected.logLoss, 'report log loss');
    expectClose(r.rocAuc ?? Number.NaN, penguins.expected.rocAucOvrMacro ?? null, 'report AUC');
    expectClose(r.averagePrecision ?? Number.NaN, penguins.expected.averagePrecisionOvrMacro, 'report AP');
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
    const labelsOnly = classificationReport(t, pred, undefined, ['a', 'b', 'c']);
    assert.ok(!('logLoss' in labelsOnly) && !('rocAuc' in labelsOnly));
  });

  it('marks AUC undefined instead of failing when a class is missing', () => {
    const binary = classificationReport(i32([1, 1]), i32([1, 0]), f64([0.8, 0.4]), ['no', 'yes']);
    assert.equal(binary.rocAuc, null);
    assert.equal(binary.averagePrecision, 1);
    const three = classificationReport(i32([0, 1]), i32([0, 1]), f64([0.8, 0.1, 0.1, 0.2, 0.7, 0.1]), [
      'a',
      'b',
      'c',
    ]);
    assert.equal(three.rocAuc, null);
  });

  it('gathers the regression figures', () => {
    const c = fixture.regression.find((r) => r.name === 'penguins-mass-from-flipper')!;
    const r = regressionReport(f64(c.yTrue), f64(c.yPred));
    assert.equal(r.kind, 'regression');
    for (const [key, want] of [
      ['mse', c.expected.mse],
      ['rmse', c.expected.rmse],
      ['mae', c.expected.mae],
      ['r2', c.expected.r2],
      ['mape', c.expected.mape],
    ] as const)
      expectClose(r[key], want, `report ${key}`);
  });
});
