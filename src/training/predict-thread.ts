/**
 * Runs in a worker thread: scores data files with a model.tar.gz and writes one output row per input
 * row, in input order — for classifiers `predicted_label` and `probability_<class>`, for regressors
 * `prediction`, for clusterers `cluster` and `distance`, for PCA `projection_<i>`, for anomaly
 * detectors `score`.
 */
import { csvError, type OutputColumn, withDuckDB, writeColumnsToFile } from '../engine/index.js';
import type { JobContext } from '../jobs/index.js';
import { type Features, getAlgorithm, type Predictions, transformFeatures } from '../ml/index.js';
import { loadFrame } from './load-frame.js';
import { type ModelArtifact, readModelArtifact } from './model-artifact.js';
import { loadSparseRows } from './sparse-records.js';

export interface PredictThreadInput {
  readonly artifactPath: string;
  readonly dataPaths: readonly string[];
  readonly outputPath: string;
}

/** Output columns for a model's predictions (shared with endpoints later). */
export function predictionColumns(artifact: ModelArtifact, p: Predictions): OutputColumn[] {
  const classes = artifact.preprocessor.target?.classes;
  if (artifact.kind === 'classifier' && p.labels && classes) {
    const labels = p.labels;
    const columns: OutputColumn[] = [
      { name: 'predicted_label', values: Array.from(labels, (k) => classes[k] ?? null) },
    ];
    if (p.scores) {
      const { rows, cols, data } = p.scores;
      for (let k = 0; k < cols; k++) {
        const values = new Float64Array(rows);
        for (let i = 0; i < rows; i++) values[i] = data[i * cols + k] as number;
        columns.push({ name: `probability_${classes[k]}`, values });
      }
    }
    return columns;
  }
  if (artifact.kind === 'regressor' && p.values) return [{ name: 'prediction', values: p.values }];
  if (artifact.kind === 'clusterer' && p.labels) {
    return [
      { name: 'cluster', values: Float64Array.from(p.labels) },
      ...(p.values ? [{ name: 'distance', values: p.values }] : []),
    ];
  }
  if (artifact.kind === 'anomaly' && p.values) return [{ name: 'score', values: p.values }];
  if (p.scores) {
    const { rows, cols, data } = p.scores;
    return Array.from({ length: cols }, (_, k) => ({
      name: `projection_${k}`,
      values: Float64Array.from({ length: rows }, (_, i) => data[i * cols + k] as number),
    }));
  }
  throw new Error(`${artifact.algorithm} returned no predictions`);
}

export async function run(ctx: JobContext<PredictThreadInput>): Promise<{ rows: number }> {
  const artifact = await readModelArtifact(ctx.input.artifactPath);
  const algorithm = getAlgorithm(artifact.algorithm);
  ctx.status('Reading data');
  const width = artifact.preprocessor.sparseWidth;
  const paths = ctx.input.dataPaths;
  return withDuckDB(async (con) => {
    let x: Features;
    try {
      x =
        width !== undefined
          ? await loadSparseRows(con, paths, width)
          : transformFeatures(artifact.preprocessor, (await loadFrame(con, paths)).frame);
    } catch (err) {
      throw csvError(err) ?? err;
    }
    ctx.status('Predicting');
    const predictions = algorithm.predict(artifact.state, x);
    const rows = await writeColumnsToFile(
      con,
      predictionColumns(artifact, predictions),
      ctx.input.outputPath,
    );
    ctx.log(`${rows} rows scored with ${artifact.algorithm} model`);
    return { rows };
  });
}
