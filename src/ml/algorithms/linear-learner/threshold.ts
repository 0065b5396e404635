export type ThresholdCriterion =
  | 'accuracy'
  | 'f_beta'
  | 'precision_at_target_recall'
  | 'recall_at_target_precision';

/**
 * The decision threshold on P(positive) that best meets `criterion` on labelled data (y is 0/1):
 * every distinct score is a candidate, swept from the highest down in one pass.
 */
export function chooseThreshold(
  p: Float64Array,
  y: Float64Array,
  criterion: ThresholdCriterion,
  options: { targetRecall: number; targetPrecision: number; beta: number },
): number {
  const n = p.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (p[b] as number) - (p[a] as number));
  let positives = 0;
  for (let i = 0; i < n; i++) positives += y[i] === 1 ? 1 : 0;
  const negatives = n - positives;
  let tp = 0;
  let fp = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  let best = 0.5;
  const b2 = options.beta * options.beta;
  for (let k = 0; k < n; k++) {
    const i = order[k] as number;
    if (y[i] === 1) tp++;
    else fp++;
    // Only at the end of a run of equal scores is "predict positive when p ≥ this" well defined.
    if (k + 1 < n && p[order[k + 1] as number] === p[i]) continue;
    const precision = tp / (tp + fp);
    const recall = positives ? tp / positives : 0;
    let score: number;
    if (criterion === 'accuracy') score = (tp + (negatives - fp)) / n;
    else if (criterion === 'f_beta')
      score = tp ? ((1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
    else if (criterion === 'precision_at_target_recall')
      score = recall >= options.targetRecall ? precision : Number.NEGATIVE_INFINITY;
    else score = precision >= options.targetPrecision ? recall : Number.NEGATIVE_INFINITY;
    if (score > bestScore) {
      bestScore = score;
      best = p[i] as number;
    }
  }
  return best;
}
