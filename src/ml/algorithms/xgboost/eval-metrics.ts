import type { EvalMetricName, Objective } from './objectives.js';

const EPS = 1e-16;

/** One row's loss for a metric other than auc; `p` holds the row's predictions from `o`. */
function rowLoss(name: EvalMetricName, p: ArrayLike<number>, o: number, outputs: number, yi: number): number {
  switch (name) {
    case 'logloss': {
      const q = Math.min(Math.max(p[o]!, EPS), 1 - EPS);
      // One logarithm for the usual 0/1 labels: the metric runs over every row every round.
      if (yi === 1) return -Math.log(q);
      if (yi === 0) return -Math.log(1 - q);
      return -(yi * Math.log(q) + (1 - yi) * Math.log(1 - q));
    }
    case 'error':
      return (p[o]! > 0.5 ? 1 : 0) !== yi ? 1 : 0;
    case 'mlogloss':
      return -Math.log(Math.max(p[o + yi]!, EPS));
    case 'merror':
      return argmax(p, o, outputs) !== yi ? 1 : 0;
    case 'rmse':
      return (yi - p[o]!) ** 2;
    case 'mae':
      return Math.abs(yi - p[o]!);
    case 'poisson-nloglik': {
      const q = Math.max(p[o]!, EPS);
      return logGamma(yi + 1) + q - Math.log(q) * yi;
    }
    case 'auc':
      throw new Error('auc is not a sum over rows');
  }
}

/** The metric from the weighted loss sum and weight sum (rmse takes the root). */
export function finishMetric(name: EvalMetricName, sum: number, wsum: number): number {
  return name === 'rmse' ? Math.sqrt(sum / wsum) : sum / wsum;
}

/**
 * XGBoost's evaluation metrics over predictions (after the link: probabilities, values, rates),
 * weighted by the examples' weights. Classifier probabilities are rows × outputs.
 */
export function evalMetric(
  name: EvalMetricName,
  pred: Float64Array,
  y: Float64Array,
  w: Float64Array | undefined,
  outputs: number,
): number {
  if (name === 'auc') return rocAuc(pred, y, w);
  let sum = 0;
  let wsum = 0;
  for (let i = 0; i < y.length; i++) {
    const wi = w ? w[i]! : 1;
    sum += rowLoss(name, pred, i * outputs, outputs, y[i]!) * wi;
    wsum += wi;
  }
  return finishMetric(name, sum, wsum);
}

/**
 * Loss and weight sums of rows [from, to) straight from margins (the link applied row by row), so
 * threads can each sum a range. Not for auc.
 */
export function metricSums(
  name: EvalMetricName,
  objective: Objective,
  margins: Float64Array,
  y: Float64Array,
  w: Float64Array | undefined,
  outputs: number,
  from: number,
  to: number,
): [sum: number, wsum: number] {
  const p = new Float64Array(outputs);
  let sum = 0;
  let wsum = 0;
  for (let i = from; i < to; i++) {
    if (outputs === 1) p[0] = objective.link(margins[i]!);
    else {
      p.set(margins.subarray(i * outputs, (i + 1) * outputs));
      objective.transform(p, outputs);
    }
    const wi = w ? w[i]! : 1;
    sum += rowLoss(name, p, 0, outputs, y[i]!) * wi;
    wsum += wi;
  }
  return [sum, wsum];
}

/** Whether a larger value of the metric is better (for early stopping). */
export function maximizes(name: EvalMetricName): boolean {
  return name === 'auc';
}

export function argmax(a: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let c = 1; c < n; c++) if (a[offset + c]! > a[offset + best]!) best = c;
  return best;
}

/** Area under the ROC curve for labels 0/1; tied scores count half. NaN with one class only. */
export function rocAuc(score: ArrayLike<number>, y: ArrayLike<number>, w?: ArrayLike<number>): number {
  const n = y.length;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const s = Float64Array.from({ length: n }, (_, i) => score[i]!);
  order.sort((a, b) => s[b]! - s[a]!);
  let tp = 0;
  let fp = 0;
  let area = 0;
  for (let k = 0; k < n; ) {
    let gtp = 0;
    let gfp = 0;
    const v = s[order[k]!]!;
    for (; k < n && s[order[k]!] === v; k++) {
      const i = order[k]!;
      const wi = w ? w[i]! : 1;
      if (y[i] === 1) gtp += wi;
      else gfp += wi;
    }
    area += gfp * (tp + gtp / 2);
    tp += gtp;
    fp += gfp;
  }
  return tp > 0 && fp > 0 ? area / (tp * fp) : Number.NaN;
}

/** ln Γ(x) for x > 0 (Lanczos, g = 7), enough for the Poisson log-likelihood. */
export function logGamma(x: number): number {
  const c = [
    0.9999999999998099, 676.5203681218851, -1259.1392167224028, 771.3234287776531, -176.6150291621406,
    12.507343278686905, -0.13857109526572012, 9.984369578019572e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = c[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += c[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
