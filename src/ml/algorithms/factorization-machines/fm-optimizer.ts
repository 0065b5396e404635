/** One parameter group's optimizer settings (bias, linear or factors each have their own lr and wd). */
export interface OptimizerSettings {
  readonly kind: 'adam' | 'sgd';
  readonly lr: number;
  readonly wd: number;
  /** 0: no clipping. */
  readonly clip: number;
  readonly eps: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;

/**
 * The step size for optimizer step t (1-based): Adam folds its bias corrections into the rate once
 * per step, as MXNet does, so the per-weight update stays a few multiplications.
 */
export function stepRate(s: OptimizerSettings, t: number): number {
  return s.kind === 'adam' ? (s.lr * Math.sqrt(1 - BETA2 ** t)) / (1 - BETA1 ** t) : s.lr;
}

/**
 * Updates params[from..to) from grad[from..to) (the rescaled loss gradient) and zeroes that gradient.
 * Called only for the rows a mini-batch touched, so with sparse data a step costs O(touched·k), not
 * O(features·k). Two consequences, both as in MXNet's lazy sparse updates: weight decay (wd·θ, added
 * after clipping) pulls only on touched weights, so a rare feature is regularized less than a common
 * one; and Adam's moments of untouched weights do not decay in between.
 */
export function stepSlice(
  params: Float64Array,
  grad: Float64Array,
  m: Float64Array,
  v: Float64Array,
  from: number,
  to: number,
  s: OptimizerSettings,
  rate: number,
): void {
  const { wd, clip, eps } = s;
  const adam = s.kind === 'adam';
  for (let j = from; j < to; j++) {
    let g = grad[j]!;
    grad[j] = 0;
    if (clip > 0) g = Math.min(clip, Math.max(-clip, g));
    const w = params[j]!;
    g += wd * w;
    if (adam) {
      const mj = BETA1 * m[j]! + (1 - BETA1) * g;
      const vj = BETA2 * v[j]! + (1 - BETA2) * g * g;
      m[j] = mj;
      v[j] = vj;
      params[j] = w - (rate * mj) / (Math.sqrt(vj) + eps);
    } else params[j] = w - rate * g;
  }
}
