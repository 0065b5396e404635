import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { PlatformError } from '../../../core/index.js';
import type { TrainContext } from '../../algorithm.js';
import { fromRows, type Matrix, matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { type PcaOptions, pca, pcaFit, project, symmetricEigen } from './index.js';

const FIXTURES = new URL('../../../../test/fixtures/ml/kmeans-pca/', import.meta.url);
const load = (name: string) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

interface Reference {
  dataset: string;
  num_components: number;
  mean: number[];
  components: number[];
  components_v_flipped: number[];
  explained_variance: number[];
  explained_variance_ratio: number[];
  singular_values: number[];
  noise_variance: number;
  projections_first_rows: number;
  projections: number[];
  uncentred_singular_values: number[];
  uncentred_components: number[];
}
const refs = load('pca.json') as { letter: Reference; ames: Reference };

function dataset(ref: Reference): Matrix {
  const d = load(ref.dataset) as { rows: number; cols: number; data: number[] };
  return matrix(d.rows, d.cols, Float64Array.from(d.data));
}

/** Largest |a − b|, failing with the index when it exceeds abs + rel·|b|. */
function expectClose(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  what: string,
  { abs = 0, rel = 0 },
) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i] as number;
    const e = expected[i] as number;
    if (Number.isNaN(a) && Number.isNaN(e)) continue;
    assert.ok(Math.abs(a - e) <= abs + rel * Math.abs(e), `${what}[${i}]: ${a} vs ${e}`);
  }
}

/** Flips each row (length `cols`) of `rows` to point the way the matching row of `like` does. */
function alignRows(rows: ArrayLike<number>, like: ArrayLike<number>, cols: number): Float64Array {
  const out = Float64Array.from(rows);
  for (let j = 0; j < out.length / cols; j++) {
    let dot = 0;
    for (let t = 0; t < cols; t++) dot += (out[j * cols + t] as number) * (like[j * cols + t] as number);
    if (dot < 0) for (let t = 0; t < cols; t++) out[j * cols + t] = -(out[j * cols + t] as number);
  }
  return out;
}

/** Flips each column of an n × k matrix (row-major) to agree in sign with `like`. */
function alignColumns(m: ArrayLike<number>, like: ArrayLike<number>, k: number): Float64Array {
  const n = m.length / k;
  const t = (a: ArrayLike<number>) =>
    Float64Array.from({ length: a.length }, (_, i) => a[(i % n) * k + Math.floor(i / n)] as number);
  const aligned = alignRows(t(m), t(like), n);
  return Float64Array.from(
    { length: m.length },
    (_, i) => aligned[(i % k) * n + Math.floor(i / k)] as number,
  );
}

async function checkAgainstFull(
  ref: Reference,
  options: Omit<PcaOptions, 'numComponents'>,
  tol: {
    ratio: number;
    variance: number;
    components: number;
    projections: number;
  },
) {
  const x = dataset(ref);
  const k = ref.num_components;
  const r = await pcaFit(x, { numComponents: k, ...options });
  expectClose(r.mean, ref.mean, 'mean', { abs: 1e-12, rel: 1e-12 });
  expectClose(r.explainedVarianceRatio, ref.explained_variance_ratio, 'explained_variance_ratio', {
    abs: tol.ratio,
  });
  expectClose(r.explainedVariance, ref.explained_variance, 'explained_variance', { rel: tol.variance });
  expectClose(r.singularValues, ref.singular_values, 'singular_values', { rel: tol.variance });
  expectClose(r.components.data, ref.components_v_flipped, 'components', { abs: tol.components });
  const first = ref.projections_first_rows;
  const scores = project(r, matrix(first, x.cols, x.data.slice(0, first * x.cols)));
  expectClose(alignColumns(scores.data, ref.projections, k), ref.projections, 'projections', {
    abs: tol.projections,
  });
  return r;
}

describe('pca against scikit-learn 1.2.1 PCA(svd_solver=full)', () => {
  for (const name of ['letter', 'ames'] as const) {
    const ref = refs[name];
    it(`regular, ${name}: ratios to 1e-12, components and projections to 1e-9`, async () => {
      const r = await checkAgainstFull(
        ref,
        { mode: 'regular' },
        { ratio: 1e-12, variance: 1e-12, components: 1e-11, projections: 1e-9 },
      );
      expectClose([r.noiseVariance], [ref.noise_variance], 'noise_variance', { rel: 1e-9 });
      // scikit-learn 1.2 flips signs by the scores, Kelp by the loadings: equal up to sign.
      expectClose(
        alignRows(r.components.data, ref.components, x(ref).cols),
        ref.components,
        'raw components',
        {
          abs: 1e-11,
        },
      );
    });

    // Measured: ratios 5.5e-13 (letter) / 8e-15 (ames), components 1.8e-6 / 1.9e-9, projections
    // 3.9e-6 / 1.1e-7 (scikit-learn's own randomized solver: 2.1e-12 and 7.7e-7 on letter).
    it(`randomized, ${name}, auto power iterations: ratios to 1e-11, components to 1e-5`, async () => {
      for (const operator of ['gram', 'data'] as const) {
        await checkAgainstFull(
          ref,
          { mode: 'randomized', operator },
          { ratio: 1e-11, variance: 1e-10, components: 1e-5, projections: 1e-5 },
        );
      }
    });

    it(`randomized, ${name}, 10 power iterations: as exact as regular (projections to 1e-9)`, async () => {
      for (const operator of ['gram', 'data'] as const) {
        await checkAgainstFull(
          ref,
          { mode: 'randomized', operator, powerIterations: 10 },
          { ratio: 1e-12, variance: 1e-11, components: 1e-12, projections: 1e-9 },
        );
      }
    });

    it(`subtract_mean = false, ${name}: the top right singular vectors of X (numpy svd)`, async () => {
      for (const mode of ['regular', 'randomized'] as const) {
        const r = await pcaFit(x(ref), {
          numComponents: ref.num_components,
          mode,
          subtractMean: false,
          powerIterations: 10,
        });
        assert.ok(r.mean.every((v) => v === 0));
        expectClose(r.singularValues, ref.uncentred_singular_values, `${mode} singular values`, {
          rel: 1e-11,
        });
        expectClose(r.components.data, ref.uncentred_components, `${mode} components`, { abs: 1e-8 });
      }
    });
  }
});

function x(ref: Reference): Matrix {
  return dataset(ref);
}

function context(seed = 1, signal = new AbortController().signal) {
  const metrics: [string, number, number][] = [];
  const ctx: TrainContext = {
    signal,
    seed,
    threads: 1,
    log: () => undefined,
    metric: (name, value, step) => metrics.push([name, value, step]),
  };
  return { ctx, metrics };
}

const hp = (over: Partial<Record<string, number | string | boolean>> = {}) =>
  ({
    num_components: 5,
    algorithm_mode: 'regular',
    subtract_mean: true,
    extra_components: 10,
    power_iterations: -1,
    ...over,
  }) as Parameters<typeof pca.train>[1];

describe('pca algorithm', () => {
  const letter = x(refs.letter);

  it('same seed, same model; another seed converges to the same components', async () => {
    const h = hp({ algorithm_mode: 'randomized', power_iterations: 10 });
    const a = await pca.train({ x: letter, featureNames: [] }, h, context(7).ctx);
    const b = await pca.train({ x: letter, featureNames: [] }, h, context(7).ctx);
    assert.deepEqual(a, b);
    const c = await pca.train({ x: letter, featureNames: [] }, h, context(8).ctx);
    assert.notDeepEqual(a.components.data, c.components.data);
    expectClose(c.components.data, a.components.data, 'seed 8 vs 7', { abs: 1e-10 });
  });

  it('predicts the projections as scores and logs the ratios', async () => {
    const { ctx, metrics } = context();
    const state = await pca.train({ x: letter, featureNames: [] }, hp(), ctx);
    assert.deepEqual(
      metrics.map(([name, , step]) => [name, step]),
      [1, 2, 3, 4, 5].map((s) => ['train:explained_variance_ratio', s]),
    );
    const { scores } = pca.predict(state, letter);
    assert.equal(scores?.rows, letter.rows);
    assert.equal(scores?.cols, 5);
    // Scores of the training data: mean 0, variance = explained_variance.
    for (let j = 0; j < 5; j++) {
      let s = 0;
      let s2 = 0;
      for (let i = 0; i < letter.rows; i++) {
        const v = scores!.data[i * 5 + j]!;
        s += v;
        s2 += v * v;
      }
      expectClose([s / letter.rows], [0], `score mean ${j}`, { abs: 1e-12 });
      expectClose([s2 / (letter.rows - 1)], [state.explainedVariance[j]!], `score variance ${j}`, {
        rel: 1e-12,
      });
    }
    assert.throws(() => pca.predict(state, matrix(1, 3)), /model has 16 features/);
  });

  it('keeps its digits far from the origin (letter + 1e6)', async () => {
    const shifted = matrix(
      letter.rows,
      letter.cols,
      letter.data.map((v) => v + 1e6),
    );
    for (const mode of ['regular', 'randomized'] as const) {
      const r = await pcaFit(shifted, { numComponents: 5, mode, powerIterations: 10 });
      expectClose(r.explainedVarianceRatio, refs.letter.explained_variance_ratio, `${mode} ratio`, {
        abs: 1e-9,
      });
      expectClose(r.components.data, refs.letter.components_v_flipped, `${mode} components`, { abs: 1e-8 });
    }
  });

  it('handles edge cases: one row, constant columns, fewer rows than directions', async () => {
    const one = await pcaFit(fromRows([[1, 2, 3]]), { numComponents: 1 });
    assert.deepEqual(
      [...one.explainedVariance, ...one.explainedVarianceRatio, ...one.singularValues],
      [0, 0, 0],
    );
    expectClose([Math.hypot(...one.components.data)], [1], 'unit component', { abs: 1e-15 });
    const constant = fromRows([
      [1, 5, 2],
      [2, 5, 4],
      [3, 5, 6],
    ]);
    for (const mode of ['regular', 'randomized'] as const) {
      const r = await pcaFit(constant, { numComponents: 2, mode });
      expectClose(r.explainedVarianceRatio, [1, 0], `${mode} ratio`, { abs: 1e-12 });
      expectClose(
        r.components.data.subarray(0, 3),
        [1 / Math.sqrt(5), 0, 2 / Math.sqrt(5)],
        `${mode} first`,
        {
          abs: 1e-12,
        },
      );
      expectClose([r.explainedVariance[0]!], [5], `${mode} variance`, { rel: 1e-12 });
    }
    // 4 rows in 40 dimensions: rank 3 after centring, but randomized carries 13 directions.
    const random = new Random(4);
    const wide = matrix(
      4,
      40,
      Float64Array.from({ length: 160 }, () => random.normal()),
    );
    const reg = await pcaFit(wide, { numComponents: 4, mode: 'regular' });
    const ran = await pcaFit(wide, { numComponents: 4, mode: 'randomized', operator: 'data', seed: 2 });
    expectClose(ran.explainedVarianceRatio, reg.explainedVarianceRatio, 'wide ratios', { abs: 1e-12 });
    expectClose([ran.explainedVarianceRatio[3]!], [0], 'rank 3', { abs: 1e-12 });
    const c = ran.components.data;
    for (let a = 0; a < 4; a++) {
      for (let b = 0; b < 4; b++) {
        let dot = 0;
        for (let t = 0; t < 40; t++) dot += c[a * 40 + t]! * c[b * 40 + t]!;
        expectClose([dot], [a === b ? 1 : 0], `orthonormal ${a},${b}`, { abs: 1e-12 });
      }
    }
  });

  it('rejects bad input with invalid_argument', async () => {
    const bad = (p: Promise<unknown>, re: RegExp) =>
      assert.rejects(
        p,
        (e: unknown) => e instanceof PlatformError && e.code === 'invalid_argument' && re.test(e.message),
      );
    await bad(pcaFit(matrix(0, 3), { numComponents: 1 }), /at least one row/);
    await bad(
      pcaFit(fromRows([[1, 2]]), { numComponents: 2 }),
      /num_components must be a whole number in 1\.\.1/,
    );
    await bad(
      pcaFit(fromRows([[1, Number.POSITIVE_INFINITY]]), { numComponents: 1 }),
      /row 0, column 1 is Infinity/,
    );
    await bad(
      pca.train({ x: letter, featureNames: [], weights: new Float64Array(letter.rows) }, hp(), context().ctx),
      /weights/,
    );
  });

  it('stops with cancelled when the signal fires', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      pca.train({ x: letter, featureNames: [] }, hp(), context(1, controller.signal).ctx),
      (e: unknown) => e instanceof PlatformError && e.code === 'cancelled',
    );
  });
});

describe('symmetricEigen', () => {
  it('matches closed forms', () => {
    const two = symmetricEigen(Float64Array.of(2, 1, 1, 2), 2);
    expectClose(two.values, [3, 1], 'values', { abs: 1e-15 });
    const s = Math.SQRT1_2;
    expectClose(alignRows(two.vectors, [s, s, s, -s], 2), [s, s, s, -s], 'vectors', { abs: 1e-15 });
    const diag = symmetricEigen(Float64Array.of(1, 0, 0, 0, 3, 0, 0, 0, 2), 3);
    expectClose(diag.values, [3, 2, 1], 'diagonal', { abs: 0 });
    const identity = symmetricEigen(Float64Array.of(1, 0, 0, 0, 1, 0, 0, 0, 1), 3);
    expectClose(identity.values, [1, 1, 1], 'repeated', { abs: 0 });
  });

  it('decomposes a random covariance: A·v = λ·v, orthonormal, largest first', () => {
    const random = new Random(9);
    const n = 30;
    const b = Float64Array.from({ length: n * n }, () => random.normal());
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) for (let t = 0; t < n; t++) a[i * n + j]! += b[i * n + t]! * b[j * n + t]!;
    const { values, vectors } = symmetricEigen(a, n);
    for (let j = 0; j < n; j++) {
      if (j > 0) assert.ok(values[j]! <= values[j - 1]!);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let t = 0; t < n; t++) av += a[i * n + t]! * vectors[j * n + t]!;
        expectClose([av], [values[j]! * vectors[j * n + i]!], `A·v ${j}`, { abs: 1e-12 * values[0]! });
      }
      for (let k = 0; k < n; k++) {
        let dot = 0;
        for (let t = 0; t < n; t++) dot += vectors[j * n + t]! * vectors[k * n + t]!;
        expectClose([dot], [j === k ? 1 : 0], `orthonormal ${j},${k}`, { abs: 1e-13 });
      }
    }
  });
});
