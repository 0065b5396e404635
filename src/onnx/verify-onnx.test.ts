import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import { isPlatformError } from '../core/index.js';
import type { ModelArtifact } from '../training/index.js';
import { exportOnnx, exportVerifiedOnnx, onnxInputs, rowsToFrame, verifyOnnx } from './index.js';

/** A copy of an xgboost artifact whose leaves are scaled: a model that no longer agrees. */
function tampered(a: ModelArtifact, scale: number): ModelArtifact {
  const state = a.state as { trees: { value: Float64Array } };
  const value = state.trees.value.map((v) => v * scale);
  return { ...a, state: { ...state, trees: { ...state.trees, value } } };
}

describe('verifyOnnx', () => {
  it('refuses models it has no exporter for', async () => {
    const frame = await loadPenguins();
    const a = await trainArtifact(frame, 'random-forest', { num_trees: 1 }, 'species');
    await assert.rejects(
      verifyOnnx({ ...a, algorithm: 'object2vec' }, new Uint8Array(), frame),
      /cannot be exported/,
    );
  });

  it('rejects a model that disagrees with Kelp, naming the row', async () => {
    const frame = await loadPenguins({ binary: true });
    const a = await trainArtifact(frame, 'xgboost', { objective: 'binary:logistic', num_round: 5 }, 'adelie');
    await assert.rejects(verifyOnnx(a, exportOnnx(tampered(a, 1.01)), frame), (err) => {
      assert.ok(isPlatformError(err) && err.code === 'internal');
      assert.match(err.message, /disagrees with Kelp on row \d+: probability/);
      return true;
    });
    // A change far below the tolerance passes.
    const r = await verifyOnnx(a, exportOnnx(tampered(a, 1 + 1e-9)), frame);
    assert.ok(r.maxAbsDiff < 1e-6);
  });

  it('reads raw rows: numbers, numeric strings, and missing cells', async () => {
    const frame = await loadPenguins();
    const a = await trainArtifact(frame, 'random-forest', { num_trees: 3 }, 'species');
    const raw = [
      {
        island: 'Dream',
        bill_length_mm: '41.5',
        bill_depth_mm: 18,
        flipper_length_mm: '',
        sex: 'female',
        year: 2009,
      },
      { island: 7, body_mass_g: 3300 },
    ];
    const f = rowsToFrame(a.preprocessor, raw);
    const inputs = onnxInputs(a.preprocessor, f);
    assert.deepEqual(Array.from(inputs.bill_length_mm!.data as Float32Array), [41.5, Number.NaN]);
    assert.ok(Number.isNaN((inputs.flipper_length_mm!.data as Float32Array)[0]));
    assert.deepEqual(inputs.island!.data, ['Dream', '7']);
    assert.deepEqual(inputs.sex!.data, ['female', '']);
    const { model, verification } = await exportVerifiedOnnx(a, raw);
    assert.equal(verification.rows, 2);
    assert.deepEqual(model, exportOnnx(a));
    assert.throws(
      () => rowsToFrame(a.preprocessor, [{ bill_length_mm: 'forty' }]),
      (err) => isPlatformError(err) && /bill_length_mm', row 1: 'forty' is not a number/.test(err.message),
    );
  });
});
