import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';

import { expectAgreement, loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import type { Frame } from '../engine/index.js';

/** Rows of `frame` with a missing value in `column`. */
function missing(frame: Frame, column: string): number {
  const col = frame.columns.find((c) => c.name === column)!;
  return col.valid ? col.valid.reduce((n, v) => n + (v ? 0 : 1), 0) : 0;
}

describe('onnx export: xgboost', () => {
  let multi: Frame;
  let binary: Frame;
  before(async () => {
    multi = await loadPenguins({ holes: true });
    binary = await loadPenguins({ holes: true, binary: true });
    assert.ok(missing(multi, 'bill_depth_mm') > 50);
  });

  it('binary:logistic, with NaN taking the learned default directions', async () => {
    const artifact = await trainArtifact(
      binary,
      'xgboost',
      { objective: 'binary:logistic', num_round: 30 },
      'adelie',
    );
    assert.equal(artifact.preprocessor.keepMissing, true);
    await expectAgreement(artifact, binary);
  });

  it('multi:softprob over three classes', async () => {
    const hp = { objective: 'multi:softprob', num_class: 3, num_round: 20, max_depth: 4 };
    await expectAgreement(await trainArtifact(multi, 'xgboost', hp, 'species'), multi);
  });

  it('reg:squarederror, reg:absoluteerror and count:poisson', async () => {
    for (const objective of ['reg:squarederror', 'reg:absoluteerror']) {
      const artifact = await trainArtifact(multi, 'xgboost', { objective, num_round: 30 }, 'body_mass_g');
      const r = await expectAgreement(artifact, multi);
      assert.ok(r.maxAbsDiff < 0.01, `${objective}: ${r.maxAbsDiff}`);
    }
    const poisson = await trainArtifact(
      multi,
      'xgboost',
      { objective: 'count:poisson', num_round: 30 },
      'flipper_length_mm',
    );
    await expectAgreement(poisson, multi);
  });
});

describe('onnx export: random-forest', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins();
  });

  it('classifier (three classes), averaging the trees', async () => {
    await expectAgreement(await trainArtifact(frame, 'random-forest', { num_trees: 15 }, 'species'), frame);
  });

  it('binary classifier with shallow trees', async () => {
    const binary = await loadPenguins({ binary: true });
    const hp = { num_trees: 4, max_depth: 2 };
    await expectAgreement(await trainArtifact(binary, 'random-forest', hp, 'adelie'), binary);
  });

  it('trees that are a single leaf (xgboost and forest)', async () => {
    const binary = await loadPenguins({ binary: true });
    const stumps = [
      ['xgboost', { objective: 'binary:logistic', num_round: 3, min_child_weight: 1e6 }],
      ['random-forest', { num_trees: 3, min_samples_split: 100_000 }],
    ] as const;
    for (const [algorithm, hp] of stumps) {
      const artifact = await trainArtifact(binary, algorithm, hp, 'adelie');
      assert.ok(
        Array.from((artifact.state as { trees: { feature: Int32Array } }).trees.feature).every((f) => f < 0),
      );
      await expectAgreement(artifact, binary);
    }
  });

  it('regressor', async () => {
    const artifact = await trainArtifact(frame, 'random-forest', { num_trees: 10 }, 'body_mass_g');
    const r = await expectAgreement(artifact, frame);
    assert.ok(r.maxAbsDiff < 0.01, `${r.maxAbsDiff}`);
  });
});
