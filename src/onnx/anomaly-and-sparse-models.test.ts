import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import {
  expectAgreement,
  loadPenguins,
  trainArtifact,
  trainSparseArtifact,
} from '../../test/onnx/penguin-models.js';
import type { Frame } from '../engine/index.js';
import { getAlgorithm, Random, type SparseMatrix, transformFeatures } from '../ml/index.js';
import { exportOnnx, modelInputs, runOnnx } from './index.js';

/** User × item rows, one-hot (two ones per row), and a label from an interaction of the two. */
function userItemRows(n: number, users: number, items: number): { x: SparseMatrix; y: Float64Array } {
  const rng = new Random(7);
  const indptr = new Int32Array(n + 1);
  const indices = new Int32Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const u = rng.int(users);
    const v = rng.int(items);
    indices[2 * i] = u;
    indices[2 * i + 1] = users + v;
    indptr[i + 1] = 2 * (i + 1);
    y[i] = (u % 2) ^ (v % 2);
  }
  return { x: { rows: n, cols: users + items, indptr, indices, values: new Float64Array(2 * n).fill(1) }, y };
}

describe('onnx export: randomcutforest and models trained on sparse rows', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins();
  });

  it('randomcutforest: the same anomaly scores, seen training points and unseen rows alike', async () => {
    const artifact = await trainArtifact(frame, 'randomcutforest', {
      num_trees: 50,
      num_samples_per_tree: 64,
    });
    const r = await expectAgreement(artifact, frame);
    // The score leaves the graph as float32: the difference is its rounding.
    assert.ok(r.maxAbsDiff < 1e-6, `${r.maxAbsDiff}`);
    // Rows far from the penguins score higher in both.
    const model = exportOnnx(artifact);
    const rows = [
      {
        species: 'Adelie',
        island: 'Torgersen',
        bill_length_mm: 39,
        bill_depth_mm: 18,
        flipper_length_mm: 190,
        body_mass_g: 3700,
        sex: 'male',
        year: 2008,
      },
      {
        species: 'Adelie',
        island: 'Torgersen',
        bill_length_mm: 90,
        bill_depth_mm: 2,
        flipper_length_mm: 400,
        body_mass_g: 900,
        sex: 'male',
        year: 2008,
      },
    ];
    const { x, inputs } = modelInputs(artifact, rows);
    const kelp = getAlgorithm('randomcutforest').predict(artifact.state, x).values!;
    const onnx = (await runOnnx(model, inputs)).score!.data as Float32Array;
    assert.ok(kelp[1]! > kelp[0]! + 1, `${kelp}`);
    for (let i = 0; i < 2; i++) assert.ok(Math.abs(onnx[i]! - kelp[i]!) < 1e-5, `${onnx[i]} vs ${kelp[i]}`);
  });

  it('randomcutforest inputs are double, so a training row is recognised as seen', async () => {
    const artifact = await trainArtifact(frame, 'randomcutforest', {
      num_trees: 50,
      num_samples_per_tree: 400,
    });
    const model = exportOnnx(artifact);
    const { x, inputs } = modelInputs(artifact, frame);
    assert.equal(Object.values(inputs).find((i) => i.type !== 'string')?.type, 'float64');
    // Every row is in every tree's sample (400 > 344 rows): all of them score as seen points.
    const kelp = getAlgorithm('randomcutforest').predict(
      artifact.state,
      transformFeatures(artifact.preprocessor, frame),
    ).values!;
    const onnx = (await runOnnx(model, inputs)).score!.data as Float32Array;
    assert.equal(x.rows, frame.length);
    let max = 0;
    for (let i = 0; i < kelp.length; i++) max = Math.max(max, Math.abs(onnx[i]! - kelp[i]!));
    assert.ok(max < 1e-5, `${max}`);
  });

  it('factorization-machines and linear-learner trained on sparse rows take one dense `features` input', async () => {
    const { x, y } = userItemRows(400, 12, 9);
    const fm = await trainSparseArtifact(x, y, 'factorization-machines', {
      predictor_type: 'binary_classifier',
      num_factors: 4,
      epochs: 20,
    });
    const { inputs } = modelInputs(fm, x);
    assert.deepEqual(Object.keys(inputs), ['features']);
    assert.deepEqual(inputs.features!.dims, [400, 21]);
    await expectAgreement(fm, x);
    const linear = await trainSparseArtifact(x, y, 'linear-learner', { predictor_type: 'binary_classifier' });
    await expectAgreement(linear, x);
    const regressor = await trainSparseArtifact(x, y, 'factorization-machines', {
      predictor_type: 'regressor',
      num_factors: 4,
      epochs: 5,
    });
    await expectAgreement(regressor, x);
  });

  it('a sparse model is verified on feature rows of its width, and says so otherwise', async () => {
    const { x, y } = userItemRows(50, 4, 3);
    const fm = await trainSparseArtifact(x, y, 'factorization-machines', {
      predictor_type: 'regressor',
      epochs: 2,
    });
    assert.throws(() => modelInputs(fm, frame), /verified on feature rows of width 7/);
    assert.throws(() => modelInputs(fm, { ...x, cols: 8 }), /width 7/);
  });
});
