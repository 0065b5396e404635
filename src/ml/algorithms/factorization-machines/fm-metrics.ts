import { logisticLoss } from './fm-kernel.js';

/**
 * SageMaker's FM metrics (names without the channel prefix) for margins ŷ against targets:
 * binary_classification_accuracy, binary_classification_cross_entropy and binary_f_beta (F1 of
 * class 1, both at threshold 0.5), or rmse for a regressor.
 */
export function fmMetrics(
  predictorType: 'binary_classifier' | 'regressor',
  margins: Float64Array,
  y: Float64Array,
): Record<string, number> {
  const n = margins.length;
  if (predictorType === 'regressor') {
    let sq = 0;
    for (let i = 0; i < n; i++) sq += (margins[i]! - y[i]!) ** 2;
    return { rmse: Math.sqrt(sq / Math.max(1, n)) };
  }
  let loss = 0;
  let correct = 0;
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const z = margins[i]!;
    const yi = y[i]!;
    loss += logisticLoss(z, yi);
    // sigmoid(z) ≥ 0.5 exactly when z ≥ 0.
    const label = z >= 0 ? 1 : 0;
    if (label === yi) correct++;
    if (label === 1 && yi === 1) tp++;
    else if (label === 1) fp++;
    else if (yi === 1) fn++;
  }
  const denominator = 2 * tp + fp + fn;
  return {
    binary_classification_accuracy: correct / Math.max(1, n),
    binary_classification_cross_entropy: loss / Math.max(1, n),
    binary_f_beta: denominator === 0 ? 0 : (2 * tp) / denominator,
  };
}
