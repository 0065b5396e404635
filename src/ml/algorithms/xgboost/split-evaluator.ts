import { MISSING_BIN, type QuantileCuts } from './quantile-cuts.js';

/** The tree parameters the split search needs (XGBoost's TrainParam), as float32 values. */
export interface SplitParams {
  readonly eta: number;
  readonly lambda: number;
  readonly alpha: number;
  readonly gamma: number;
  readonly minChildWeight: number;
  readonly maxDeltaStep: number;
}

export function splitParams(p: SplitParams): SplitParams {
  const f = Math.fround;
  return {
    eta: f(p.eta),
    lambda: f(p.lambda),
    alpha: f(p.alpha),
    gamma: f(p.gamma),
    minChildWeight: f(p.minChildWeight),
    maxDeltaStep: f(p.maxDeltaStep),
  };
}

/** The best split found for a node; `gain` 0 means none. */
export interface Split {
  gain: number;
  feature: number;
  /** Rows whose bin code is ≤ bin go left; -1 sends every non-missing row right. */
  bin: number;
  defaultLeft: boolean;
  leftG: number;
  leftH: number;
  rightG: number;
  rightH: number;
}

export function noSplit(): Split {
  return { gain: 0, feature: -1, bin: 0, defaultLeft: false, leftG: 0, leftH: 0, rightG: 0, rightH: 0 };
}

const thresholdL1 = (g: number, alpha: number) => (g > alpha ? g - alpha : g < -alpha ? g + alpha : 0);

/** Leaf weight before eta: -ThresholdL1(G, α)/(H + λ), 0 below min_child_weight, capped by max_delta_step. */
export function leafWeight(p: SplitParams, g: number, h: number): number {
  if (h < p.minChildWeight || h <= 0) return 0;
  let w = -thresholdL1(g, p.alpha) / (h + p.lambda);
  if (p.maxDeltaStep !== 0 && Math.abs(w) > p.maxDeltaStep) w = Math.sign(w) * p.maxDeltaStep;
  return Math.fround(w);
}

/**
 * A node's score as XGBoost's split evaluator computes it: ThresholdL1(G, α)²/(H + λ), or with
 * max_delta_step the loss reduction at the capped weight, -(2·G·w + (H + λ)·w²). Rounded to float32
 * as XGBoost does, so near-ties between candidate splits resolve the same way.
 */
export function nodeGain(p: SplitParams, g: number, h: number): number {
  if (h <= 0) return 0;
  if (p.maxDeltaStep === 0) {
    const t = thresholdL1(g, p.alpha);
    return Math.fround((t * t) / (h + p.lambda));
  }
  const w = leafWeight(p, g, h);
  return Math.fround(-(2 * g * w + (h + p.lambda) * w * w));
}

/**
 * Scans every bin boundary of each feature in `features` (ascending) for the largest loss reduction
 * gain(left) + gain(right) − gain(parent), both children needing hessian ≥ min_child_weight. Missing
 * values first go right (forward scan); when the node has missing values for the feature a backward
 * scan tries sending them left, so the tree learns a default direction. A later candidate replaces
 * the best only with a strictly larger gain, which keeps XGBoost's tie order (lower feature first).
 */
export function findBestSplit(
  hist: Float64Array,
  nodeG: number,
  nodeH: number,
  features: Int32Array,
  cuts: QuantileCuts,
  p: SplitParams,
  best: Split,
): Split {
  best.gain = 0;
  best.feature = -1;
  const rootGain = nodeGain(p, nodeG, nodeH);
  const mcw = p.minChildWeight;
  const f32 = Math.fround;
  for (let fi = 0; fi < features.length; fi++) {
    const f = features[fi]!;
    const nb = cuts.ptr[f + 1]! - cuts.ptr[f]!;
    const base = f << 9;
    let lg = 0;
    let lh = 0;
    for (let b = 0; b < nb; b++) {
      lg += hist[base + 2 * b]!;
      lh += hist[base + 2 * b + 1]!;
      const rg = nodeG - lg;
      const rh = nodeH - lh;
      if (lh >= mcw && rh >= mcw) {
        const gain = f32(f32(nodeGain(p, lg, lh) + nodeGain(p, rg, rh)) - rootGain);
        if (gain > best.gain) set(best, gain, f, b, false, lg, lh, rg, rh);
      }
    }
    const mi = base + 2 * MISSING_BIN;
    if (!cuts.hasMissing[f] || (hist[mi] === 0 && hist[mi + 1] === 0)) continue;
    // Backward: the right child gathers bins from the top; missing values stay with the left.
    let sg = 0;
    let sh = 0;
    for (let b = nb - 1; b >= 0; b--) {
      sg += hist[base + 2 * b]!;
      sh += hist[base + 2 * b + 1]!;
      const leftG = nodeG - sg;
      const leftH = nodeH - sh;
      if (sh >= mcw && leftH >= mcw) {
        const gain = f32(f32(nodeGain(p, leftG, leftH) + nodeGain(p, sg, sh)) - rootGain);
        if (gain > best.gain) set(best, gain, f, b - 1, true, leftG, leftH, sg, sh);
      }
    }
  }
  return best;
}

function set(
  s: Split,
  gain: number,
  feature: number,
  bin: number,
  defaultLeft: boolean,
  lg: number,
  lh: number,
  rg: number,
  rh: number,
): void {
  s.gain = gain;
  s.feature = feature;
  s.bin = bin;
  s.defaultLeft = defaultLeft;
  s.leftG = lg;
  s.leftH = lh;
  s.rightG = rg;
  s.rightH = rh;
}

/** The split's threshold in feature units: `x < threshold` goes left. */
export function splitThreshold(cuts: QuantileCuts, feature: number, bin: number): number {
  return bin < 0 ? cuts.minValues[feature]! : cuts.values[cuts.ptr[feature]! + bin]!;
}
