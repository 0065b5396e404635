import type { OutputColumn } from '../../engine/index.js';
import type { Predictions } from '../../ml/index.js';
import type { ModelArtifact } from './model-artifact.js';

/**
 * Output columns for a model's predictions, shared by batch prediction and endpoints: for classifiers
 * `predicted_label` and `probability_<class>`, for regressors `prediction`, for clusterers `cluster`
 * and `distance`, for PCA `projection_<i>`, for anomaly detectors `score`.
 */
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
