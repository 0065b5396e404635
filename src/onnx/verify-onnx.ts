import { invalidArgument, PlatformError } from '../core/index.js';
import type { Frame } from '../engine/index.js';
import { type Features, getAlgorithm, type Predictions, transformFeatures } from '../ml/index.js';
import type { ModelArtifact } from '../training/index.js';
import { type ExportOnnxOptions, exporterFor, exportOnnx } from './export-onnx.js';
import { type OnnxInput, onnxInputs, rowsToFrame, sparseOnnxInputs } from './onnx-inputs.js';
import { OUTPUTS } from './output-heads.js';
import { type OnnxOutput, runOnnx } from './run-onnx.js';

/** Probabilities may differ by this much (absolute); values by this much times max(1, |value|). */
export const ONNX_TOLERANCE = 1e-5;

export interface VerifyResult {
  /** Largest absolute difference of the compared numbers (probabilities, values, distances, projections). */
  readonly maxAbsDiff: number;
  readonly rows: number;
  /**
   * Rows whose label was not compared: Kelp's scores sit within the tolerance of the decision
   * boundary (a tie, or p at the threshold), where float rounding may decide either way; for
   * kmeans, rows given another centre at the same distance.
   */
  readonly ambiguousLabels: number;
}

/**
 * Rows to verify on: a frame, or raw rows keyed by column name; for a model trained on sparse
 * RecordIO rows, its feature rows (sparse or dense).
 */
export type VerifyRows = Frame | readonly Record<string, unknown>[] | Features;

const isFrame = (rows: VerifyRows): rows is Frame => !Array.isArray(rows) && 'columns' in rows;
const isFeatures = (rows: VerifyRows): rows is Features => !Array.isArray(rows) && 'cols' in rows;

function mismatch(what: string, row: number, kelp: unknown, onnx: unknown): PlatformError {
  return new PlatformError(
    'internal',
    `onnx: the exported model disagrees with Kelp on row ${row + 1}: ${what} ${String(kelp)} (Kelp) vs ${String(onnx)} (ONNX)`,
    { row: row + 1, what, kelp: String(kelp), onnx: String(onnx), tolerance: ONNX_TOLERANCE },
  );
}

/** The named output; a model exported from another artifact may not have it. */
function outputOf(out: Record<string, OnnxOutput>, name: string): OnnxOutput {
  const o = out[name];
  if (!o)
    throw new PlatformError(
      'invalid_argument',
      `onnx: the model has no '${name}' output (outputs: ${Object.keys(out).join(', ')})`,
    );
  return o;
}

/** Max |a − b|, throwing on the first pair beyond `ONNX_TOLERANCE` (× max(1, |a|) when relative). */
function compareNumbers(
  what: string,
  kelp: ArrayLike<number>,
  onnx: OnnxOutput,
  relative: boolean,
  width = 1,
) {
  const got = onnx.data as ArrayLike<number>;
  if (got.length !== kelp.length) throw mismatch(`${what} count`, 0, kelp.length, got.length);
  let max = 0;
  for (let i = 0; i < kelp.length; i++) {
    const a = kelp[i]!;
    const diff = Math.abs(a - got[i]!);
    const limit = relative ? ONNX_TOLERANCE * Math.max(1, Math.abs(a)) : ONNX_TOLERANCE;
    if (!(diff <= limit)) throw mismatch(what, Math.floor(i / width), a, got[i]);
    max = Math.max(max, diff);
  }
  return max;
}

/** Whether Kelp's class scores of row i leave the label open to rounding. */
function ambiguous(scores: ArrayLike<number>, k: number, i: number, threshold: number | undefined): boolean {
  if (k === 2) return Math.abs(scores[2 * i + 1]! - (threshold ?? 0.5)) <= ONNX_TOLERANCE;
  const row = Array.from({ length: k }, (_, c) => scores[i * k + c]!).sort((a, b) => b - a);
  return row[0]! - row[1]! <= 2 * ONNX_TOLERANCE;
}

function compareClassifier(artifact: ModelArtifact, kelp: Predictions, out: Record<string, OnnxOutput>) {
  const classes = artifact.preprocessor.target?.classes ?? [];
  const scores = kelp.scores!;
  const maxAbsDiff = compareNumbers(
    'probability',
    scores.data,
    outputOf(out, OUTPUTS.probabilities),
    false,
    scores.cols,
  );
  const labels = outputOf(out, OUTPUTS.label).data as string[];
  const threshold = exporterFor(artifact.algorithm).threshold?.(artifact);
  let open = 0;
  kelp.labels!.forEach((k, i) => {
    if (classes[k] === labels[i]) return;
    if (!ambiguous(scores.data, scores.cols, i, threshold)) throw mismatch('label', i, classes[k], labels[i]);
    open++;
  });
  return { maxAbsDiff, ambiguousLabels: open };
}

/** Clusters: a different centre is fine only at the same distance (a tie). */
function compareClusterer(kelp: Predictions, out: Record<string, OnnxOutput>) {
  const maxAbsDiff = compareNumbers('distance', kelp.values!, outputOf(out, OUTPUTS.distance), true);
  const got = outputOf(out, OUTPUTS.cluster).data as BigInt64Array;
  let open = 0;
  kelp.labels!.forEach((k, i) => {
    if (BigInt(k) !== got[i]) open++;
  });
  return { maxAbsDiff, ambiguousLabels: open };
}

/**
 * Checks an exported model's outputs on some rows against Kelp's predictions on the same rows (the
 * rules of `verifyOnnx`), whichever ONNX runtime produced them.
 */
export function compareWithKelp(
  artifact: ModelArtifact,
  kelp: Predictions,
  out: Record<string, OnnxOutput>,
): Omit<VerifyResult, 'rows'> {
  switch (artifact.kind) {
    case 'classifier':
      return compareClassifier(artifact, kelp, out);
    case 'regressor':
    case 'anomaly': {
      // One value per row: the prediction, or the anomaly score.
      const name = artifact.kind === 'anomaly' ? OUTPUTS.score : OUTPUTS.prediction;
      return {
        maxAbsDiff: compareNumbers(name, kelp.values!, outputOf(out, name), true),
        ambiguousLabels: 0,
      };
    }
    case 'clusterer':
      return compareClusterer(kelp, out);
    default: {
      const p = kelp.scores!;
      const maxAbsDiff = compareNumbers(
        'projection',
        p.data,
        outputOf(out, OUTPUTS.projection),
        true,
        p.cols,
      );
      return { maxAbsDiff, ambiguousLabels: 0 };
    }
  }
}

/**
 * Runs `model` in onnxruntime-node on `rows` (a frame, or raw rows keyed by column name) and checks
 * it against Kelp's own predictor: probabilities within 1e-5 absolute, regression values,
 * distances and projections within 1e-5 × max(1, |value|), and the same labels except where
 * Kelp's scores are within that tolerance of the decision boundary. Throws an `internal`
 * PlatformError naming the first row that differs more.
 */
export async function verifyOnnx(
  artifact: ModelArtifact,
  model: Uint8Array,
  rows: VerifyRows,
): Promise<VerifyResult> {
  const { x, inputs } = modelInputs(artifact, rows);
  const kelp = getAlgorithm(artifact.algorithm).predict(artifact.state, x);
  const out = await runOnnx(model, inputs);
  return { ...compareWithKelp(artifact, kelp, out), rows: x.rows };
}

/** Kelp's features and the exported graph's inputs for the same rows. */
export function modelInputs(
  artifact: ModelArtifact,
  rows: VerifyRows,
): { x: Features; inputs: Record<string, OnnxInput> } {
  const pre = artifact.preprocessor;
  const numeric = exporterFor(artifact.algorithm).numericInput; // also refuses unknown algorithms
  if (pre.sparseWidth !== undefined) {
    if (!isFeatures(rows) || rows.cols !== pre.sparseWidth)
      throw invalidArgument(
        `onnx: a model trained on sparse rows is verified on feature rows of width ${pre.sparseWidth}`,
      );
    return { x: rows, inputs: sparseOnnxInputs(rows, numeric) };
  }
  if (isFeatures(rows))
    throw invalidArgument('onnx: verify a model on its raw columns (a frame or rows), not on features');
  const frame = isFrame(rows) ? rows : rowsToFrame(pre, rows);
  return { x: transformFeatures(pre, frame), inputs: onnxInputs(pre, frame, numeric) };
}

/** `exportOnnx` then `verifyOnnx` on `rows`: the model is returned only if it agrees with Kelp. */
export async function exportVerifiedOnnx(
  artifact: ModelArtifact,
  rows: VerifyRows,
  options: ExportOnnxOptions = {},
): Promise<{ model: Uint8Array; verification: VerifyResult }> {
  const model = exportOnnx(artifact, options);
  return { model, verification: await verifyOnnx(artifact, model, rows) };
}
