import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { expectAgreement, loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import type { Frame } from '../engine/index.js';

describe('onnx export: knn and factorization-machines', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins();
  });

  it('knn classifier: the k nearest stored rows vote', async () => {
    for (const index_type of ['brute', 'kdtree']) {
      const artifact = await trainArtifact(frame, 'knn', { k: 5, index_type }, 'species');
      const r = await expectAgreement(artifact, frame);
      assert.ok(r.maxAbsDiff <= 1e-5, `${index_type}: ${r.maxAbsDiff}`);
    }
  });

  it('knn regressor: the mean target of the k nearest', async () => {
    const artifact = await trainArtifact(frame, 'knn', { k: 3, predictor_type: 'regressor' }, 'body_mass_g');
    const r = await expectAgreement(artifact, frame);
    assert.ok(r.maxAbsDiff < 0.01, `${r.maxAbsDiff}`);
  });

  it('factorization-machines binary classifier and regressor (dense input)', async () => {
    const binary = await loadPenguins({ binary: true });
    const hp = { predictor_type: 'binary_classifier', num_factors: 4, epochs: 5 };
    await expectAgreement(await trainArtifact(binary, 'factorization-machines', hp, 'adelie'), binary);
    const regressor = { predictor_type: 'regressor', num_factors: 4, epochs: 5 };
    const r = await expectAgreement(
      await trainArtifact(frame, 'factorization-machines', regressor, 'body_mass_g'),
      frame,
    );
    assert.ok(Number.isFinite(r.maxAbsDiff));
  });
});
