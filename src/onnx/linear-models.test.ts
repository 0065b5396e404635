import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { expectAgreement, loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import type { Frame } from '../engine/index.js';

describe('onnx export: linear-learner', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins();
  });

  it('binary classifier, with its chosen decision threshold', async () => {
    const binary = await loadPenguins({ binary: true });
    const artifact = await trainArtifact(
      binary,
      'linear-learner',
      { predictor_type: 'binary_classifier' },
      'adelie',
    );
    await expectAgreement(artifact, binary);
  });

  it('binary classifier with a threshold other than 0.5', async () => {
    const binary = await loadPenguins({ binary: true });
    const hp = {
      predictor_type: 'binary_classifier',
      binary_classifier_model_selection_criteria: 'precision_at_target_recall',
      target_recall: 0.99,
    };
    const artifact = await trainArtifact(binary, 'linear-learner', hp, 'adelie');
    assert.notEqual((artifact.state as { threshold: number }).threshold, 0.5);
    await expectAgreement(artifact, binary);
  });

  it('multiclass classifier', async () => {
    const hp = { predictor_type: 'multiclass_classifier' };
    await expectAgreement(await trainArtifact(frame, 'linear-learner', hp, 'species'), frame);
  });

  it('regressor', async () => {
    const artifact = await trainArtifact(
      frame,
      'linear-learner',
      { predictor_type: 'regressor' },
      'body_mass_g',
    );
    const r = await expectAgreement(artifact, frame);
    assert.ok(r.maxAbsDiff < 0.01, `${r.maxAbsDiff}`);
  });
});

describe('onnx export: unsupervised models', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins();
  });

  it('kmeans: nearest centre and its distance', async () => {
    await expectAgreement(await trainArtifact(frame, 'kmeans', { k: 4 }), frame);
  });

  it('pca: projections on the components', async () => {
    await expectAgreement(await trainArtifact(frame, 'pca', { num_components: 3 }), frame);
  });
});
