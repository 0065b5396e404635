/**
 * Small Kelp models trained in-process on test/fixtures/ml/penguins.csv through the real pieces
 * (DuckDB → Frame, fitPreprocessor, transformFeatures, algorithm.train), wrapped as a ModelArtifact
 * the way the training job writes one.
 */
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type Frame, readFrame, scanSql, withDuckDB } from '../../src/engine/index.js';
import {
  type Features,
  fitPreprocessor,
  fitSparsePreprocessor,
  getAlgorithm,
  type HyperparameterValues,
  parseHyperparameters,
  type TrainContext,
  takeRows,
  transformFeatures,
  transformTarget,
} from '../../src/ml/index.js';
import {
  exportOnnx,
  modelInputs,
  ONNX_TOLERANCE,
  runOnnx,
  type VerifyResult,
  verifyOnnx,
} from '../../src/onnx/index.js';
import type { ModelArtifact } from '../../src/training/index.js';

export const PENGUINS = join(import.meta.dirname, '../fixtures/ml/penguins.csv');

export interface PenguinOptions {
  /** A binary target `adelie` (Adelie or other) in place of species. */
  readonly binary?: boolean;
  /** Holes punched into bill_depth_mm (male penguins of 2008), so trees learn default directions. */
  readonly holes?: boolean;
}

/** The penguins as a frame, read through DuckDB as the training job reads a CSV. */
export function loadPenguins(o: PenguinOptions = {}): Promise<Frame> {
  let select = o.binary ? '* EXCLUDE (species)' : '*';
  if (o.holes)
    select +=
      " REPLACE (CASE WHEN year = 2008 AND sex = 'male' THEN NULL ELSE bill_depth_mm END AS bill_depth_mm)";
  if (o.binary) select += ", CASE WHEN species = 'Adelie' THEN 'Adelie' ELSE 'other' END AS adelie";
  return withDuckDB((con) => readFrame(con, `SELECT ${select} FROM ${scanSql('csv', [PENGUINS])}`));
}

const ctx: TrainContext = {
  signal: new AbortController().signal,
  seed: 42,
  threads: 1,
  log: () => {},
  metric: () => {},
};

/** Trains `algorithm` on `frame` (target optional) and returns the artifact Kelp would store. */
export async function trainArtifact(
  frame: Frame,
  algorithm: string,
  hyperparameters: Record<string, unknown>,
  target?: string,
): Promise<ModelArtifact> {
  const a = getAlgorithm(algorithm);
  const hp: HyperparameterValues = parseHyperparameters(a.name, a.hyperparameters, hyperparameters);
  const kind = a.kindOf(hp);
  const supervised = kind === 'classifier' || kind === 'regressor';
  const preprocessor = fitPreprocessor(frame, {
    ...(supervised && target ? { target, targetKind: kind === 'classifier' ? 'class' : 'value' } : {}),
    keepMissing: a.name === 'xgboost',
  });
  let x = transformFeatures(preprocessor, frame);
  let y: Float64Array | undefined;
  if (preprocessor.target) {
    const t = transformTarget(preprocessor, frame);
    const drop = new Set(t.missing);
    const keep = Int32Array.from({ length: x.rows }, (_, i) => i).filter((i) => !drop.has(i));
    x = takeRows(x, keep);
    y = Float64Array.from(keep, (i) => t.y[i]!);
  }
  const schema = frame.columns.map((c) => ({
    name: c.name,
    type: c.kind === 'string' ? 'string' : 'double',
  }));
  return trainAndWrap(a, hp, kind, preprocessor, { x, y, schema });
}

/**
 * A model trained on sparse feature rows (as from RecordIO sparse tensors) with a numeric `label`:
 * class indices for a classifier, values for a regressor.
 */
export async function trainSparseArtifact(
  x: Features,
  label: Float64Array,
  algorithm: string,
  hyperparameters: Record<string, unknown>,
): Promise<ModelArtifact> {
  const a = getAlgorithm(algorithm);
  const hp: HyperparameterValues = parseHyperparameters(a.name, a.hyperparameters, hyperparameters);
  const kind = a.kindOf(hp);
  const labels: Frame = {
    length: label.length,
    columns: [{ name: 'label', kind: 'float64', values: label, valid: null }],
  };
  const supervised = kind === 'classifier' || kind === 'regressor';
  const preprocessor = fitSparsePreprocessor(
    x.cols,
    labels,
    supervised ? { target: 'label', targetKind: kind === 'classifier' ? 'class' : 'value' } : {},
  );
  const y = preprocessor.target ? transformTarget(preprocessor, labels).y : undefined;
  const schema = [
    { name: 'label', type: 'float' },
    { name: 'values', type: `sparse<${x.cols}>` },
  ];
  return trainAndWrap(a, hp, kind, preprocessor, { x, y, schema });
}

/** Trains on prepared rows and wraps the state as the training job writes a ModelArtifact. */
async function trainAndWrap(
  a: ReturnType<typeof getAlgorithm>,
  hp: HyperparameterValues,
  kind: ModelArtifact['kind'],
  preprocessor: ModelArtifact['preprocessor'],
  data: { x: Features; y: Float64Array | undefined; schema: ModelArtifact['schema'] },
): Promise<ModelArtifact> {
  const { x, y } = data;
  const classes = preprocessor.target?.classes;
  const state = await a.train(
    { x, ...(y ? { y } : {}), featureNames: preprocessor.featureNames, ...(classes ? { classes } : {}) },
    hp,
    ctx,
  );
  return {
    format: 'kelp-model/1',
    algorithm: a.name,
    kind,
    hyperparameters: hp,
    preprocessor,
    state,
    metrics: {},
    schema: data.schema,
    trainedAt: '2024-01-01T00:00:00.000Z',
    rows: { train: x.rows, validation: 0 },
    seed: ctx.seed,
  };
}

/**
 * Exports `artifact`, verifies it on `frame` and checks the labels one by one: the agreement every
 * model test asserts.
 */
export async function expectAgreement(
  artifact: ModelArtifact,
  rows: Frame | Features,
): Promise<VerifyResult> {
  const model = exportOnnx(artifact);
  const result = await verifyOnnx(artifact, model, rows);
  const { x, inputs } = modelInputs(artifact, rows);
  assert.equal(result.rows, x.rows);
  // verifyOnnx already held regression values to 1e-5 relative; probabilities are absolute.
  if (artifact.kind === 'classifier') assert.ok(result.maxAbsDiff <= ONNX_TOLERANCE, `${result.maxAbsDiff}`);
  assert.equal(result.ambiguousLabels, 0);
  if (artifact.kind === 'classifier') {
    const kelp = getAlgorithm(artifact.algorithm).predict(artifact.state, x);
    const classes = artifact.preprocessor.target!.classes!;
    const out = await runOnnx(model, inputs);
    assert.deepEqual(
      out.label!.data,
      Array.from(kelp.labels!, (k) => classes[k]),
    );
  }
  return result;
}
