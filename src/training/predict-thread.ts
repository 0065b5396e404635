/**
 * Runs in a worker thread: scores data files with a model.tar.gz and writes one output row per input
 * row, in input order — for classifiers `predicted_label` and `probability_<class>`, for regressors
 * `prediction`, for clusterers `cluster` and `distance`, for PCA `projection_<i>`, for anomaly
 * detectors `score`.
 */
import { csvError, withDuckDB, writeColumnsToFile } from '../engine/index.js';
import type { JobContext } from '../jobs/index.js';
import { type Features, getAlgorithm, transformFeatures } from '../ml/index.js';
import { predictionColumns, readModelArtifact } from './artifact/index.js';
import { loadFrame } from './load-frame.js';
import { loadSparseRows } from './sparse-records.js';

export interface PredictThreadInput {
  readonly artifactPath: string;
  readonly dataPaths: readonly string[];
  readonly outputPath: string;
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
