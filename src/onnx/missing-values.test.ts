import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';

import { loadPenguins, trainArtifact } from '../../test/onnx/penguin-models.js';
import type { Frame } from '../engine/index.js';
import { type ModelArtifact, readModelArtifact, writeModelArtifact } from '../training/index.js';
import { exportOnnx, onnxInputs, rowsToFrame, runOnnx, verifyOnnx } from './index.js';

const base = {
  island: 'Biscoe',
  bill_length_mm: 45.2,
  bill_depth_mm: 15.1,
  flipper_length_mm: 215,
  body_mass_g: 5000,
  sex: 'male',
  year: 2008,
};

/** Rows that differ from `base` in one cell each: an unseen or missing category, a missing number. */
function rows(depthMean: number): Record<string, unknown>[] {
  return [
    base,
    { ...base, island: 'Atlantis' },
    { ...base, island: null },
    { ...base, sex: '' },
    { ...base, bill_depth_mm: null },
    { ...base, bill_depth_mm: depthMean },
    { ...base, bill_length_mm: Number.NaN, flipper_length_mm: undefined },
    { ...base, sex: null },
  ];
}

const depthMean = (a: ModelArtifact) => {
  const plan = a.preprocessor.features.find((f) => f.name === 'bill_depth_mm')!;
  return plan.kind === 'numeric' ? plan.fill : Number.NaN;
};

async function outputs(a: ModelArtifact, raw: Record<string, unknown>[]) {
  const out = await runOnnx(exportOnnx(a), onnxInputs(a.preprocessor, rowsToFrame(a.preprocessor, raw)));
  const p = out.probabilities!.data as Float32Array;
  const k = out.probabilities!.dims[1]!;
  return {
    labels: out.label!.data as string[],
    row: (i: number) => Array.from(p.subarray(i * k, (i + 1) * k)),
  };
}

describe('onnx export: unseen categories and missing values', () => {
  let frame: Frame;
  before(async () => {
    frame = await loadPenguins({ holes: true });
  });

  for (const [algorithm, hp] of [
    ['xgboost', { objective: 'multi:softprob', num_class: 3, num_round: 20 }],
    ['random-forest', { num_trees: 10 }],
    ['linear-learner', { predictor_type: 'multiclass_classifier' }],
  ] as const) {
    it(`${algorithm}: behave as Kelp's predictor`, async () => {
      const a = await trainArtifact(frame, algorithm, hp, 'species');
      const raw = rows(depthMean(a));
      const r = await verifyOnnx(a, exportOnnx(a), raw);
      assert.equal(r.rows, raw.length);
      const out = await outputs(a, raw);
      // An unseen category and a missing one set no indicator; '' is no category either.
      assert.deepEqual(out.row(1), out.row(2));
      assert.deepEqual(out.row(3), out.row(7));
      if (algorithm === 'xgboost') return; // NaN follows the trees' default directions (checked by verifyOnnx).
      // Mean imputation: a missing number predicts as the training mean does.
      const [missing, mean] = [out.row(4), out.row(5)];
      for (const [c, p] of missing.entries()) assert.ok(Math.abs(p - mean[c]!) < 1e-6, `${p} vs ${mean[c]}`);
    });
  }

  it('xgboost routes NaN differently from the mean fill where the trees learned so', async () => {
    const a = await trainArtifact(
      frame,
      'xgboost',
      { objective: 'multi:softprob', num_class: 3, num_round: 20 },
      'species',
    );
    const holes = Array.from({ length: 50 }, (_, i) => ({
      ...base,
      bill_length_mm: 35 + i / 2,
      bill_depth_mm: null,
    }));
    const filled = holes.map((r) => ({ ...r, bill_depth_mm: depthMean(a) }));
    await verifyOnnx(a, exportOnnx(a), [...holes, ...filled]);
    const out = await outputs(a, [...holes, ...filled]);
    assert.ok(holes.some((_, i) => out.row(i).some((p, c) => Math.abs(p - out.row(i + 50)[c]!) > 1e-3)));
  });

  it('a model read back from model.tar.gz exports the same bytes', async () => {
    const a = await trainArtifact(frame, 'xgboost', { objective: 'binary:logistic', num_round: 5 }, 'sex');
    const dir = await mkdtemp(join(tmpdir(), 'kelp-onnx-'));
    try {
      await writeModelArtifact(join(dir, 'model.tar.gz'), a);
      const back = await readModelArtifact(join(dir, 'model.tar.gz'));
      assert.deepEqual(exportOnnx(back), exportOnnx(a));
      await verifyOnnx(back, exportOnnx(back), frame);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
