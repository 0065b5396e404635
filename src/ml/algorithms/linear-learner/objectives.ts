import type { Matrix } from '../../matrix.js';

/**
 * Loss and gradient of the linear models, averaged over the (weighted) examples, plus wd/2·‖w‖²
 * (the intercepts are not penalized). Parameters are laid out as K rows of (d weights, 1 bias).
 */
export interface LinearProblem {
  readonly x: Matrix;
  readonly y: Float64Array;
  readonly weights: Float64Array | undefined;
  readonly wd: number;
  /** Outputs: 1 for binary and regression, the number of classes for softmax. */
  readonly outputs: number;
  readonly useBias: boolean;
}

const stride = (p: LinearProblem) => p.x.cols + 1;

function weightSum(p: LinearProblem): number {
  if (!p.weights) return p.x.rows;
  let s = 0;
  for (let i = 0; i < p.weights.length; i++) s += p.weights[i] as number;
  return s;
}

function addPenalty(p: LinearProblem, params: Float64Array, grad: Float64Array, loss: number): number {
  if (p.wd === 0) return loss;
  const d = p.x.cols;
  let penalty = 0;
  for (let k = 0; k < p.outputs; k++) {
    const o = k * (d + 1);
    for (let j = 0; j < d; j++) {
      const w = params[o + j] as number;
      penalty += w * w;
      grad[o + j] = (grad[o + j] as number) + p.wd * w;
    }
  }
  return loss + 0.5 * p.wd * penalty;
}

/**
 * The pass the single-output losses share: z = x·w + b per row, then grad += r·x with
 * r = term(z, i), which also adds the row's loss. Rows go four at a time: each weight is loaded
 * once for the four dot products and each gradient entry read and written once for the four rows
 * (this pass is most of the training time, and row by row it was bound by those loads and stores).
 */
function linearPass(
  p: LinearProblem,
  params: Float64Array,
  grad: Float64Array,
  term: (z: number, i: number) => number,
): void {
  const { rows: n, cols: d, data } = p.x;
  grad.fill(0);
  let biasGrad = 0;
  const bias = p.useBias ? (params[d] as number) : 0;
  let i = 0;
  for (let o = 0; i + 3 < n; i += 4, o += 4 * d) {
    const o2 = o + d;
    const o3 = o2 + d;
    const o4 = o3 + d;
    let z1 = bias;
    let z2 = bias;
    let z3 = bias;
    let z4 = bias;
    for (let j = 0; j < d; j++) {
      const wj = params[j] as number;
      z1 += (data[o + j] as number) * wj;
      z2 += (data[o2 + j] as number) * wj;
      z3 += (data[o3 + j] as number) * wj;
      z4 += (data[o4 + j] as number) * wj;
    }
    const r1 = term(z1, i);
    const r2 = term(z2, i + 1);
    const r3 = term(z3, i + 2);
    const r4 = term(z4, i + 3);
    for (let j = 0; j < d; j++)
      grad[j] =
        (grad[j] as number) +
        r1 * (data[o + j] as number) +
        r2 * (data[o2 + j] as number) +
        r3 * (data[o3 + j] as number) +
        r4 * (data[o4 + j] as number);
    biasGrad += r1 + r2 + r3 + r4;
  }
  for (; i < n; i++) {
    const o = i * d;
    let z = bias;
    for (let j = 0; j < d; j++) z += (data[o + j] as number) * (params[j] as number);
    const r = term(z, i);
    for (let j = 0; j < d; j++) grad[j] = (grad[j] as number) + r * (data[o + j] as number);
    biasGrad += r;
  }
  if (p.useBias) grad[d] = biasGrad;
}

/** Binary logistic loss; y is 0/1. */
export function logisticLoss(p: LinearProblem, params: Float64Array, grad: Float64Array): number {
  const { y, weights } = p;
  const total = weightSum(p);
  let loss = 0;
  linearPass(p, params, grad, (z, i) => {
    const yi = y[i] as number;
    const w = weights ? (weights[i] as number) : 1;
    // log(1 + e^z) − y·z and σ(z) from one exponential, e^−|z| (no overflow either way).
    const e = Math.exp(-Math.abs(z));
    loss += w * (Math.max(z, 0) + Math.log1p(e) - yi * z);
    return (w * ((z >= 0 ? 1 : e) / (1 + e) - yi)) / total;
  });
  return addPenalty(p, params, grad, loss / total);
}

/** Multinomial (softmax) cross-entropy; y holds class indices. */
export function softmaxLoss(p: LinearProblem, params: Float64Array, grad: Float64Array): number {
  const { rows: n, cols: d, data } = p.x;
  const K = p.outputs;
  const s = stride(p);
  grad.fill(0);
  const total = weightSum(p);
  const z = new Float64Array(K);
  let loss = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) {
      const ko = k * s;
      let v = p.useBias ? (params[ko + d] as number) : 0;
      for (let j = 0; j < d; j++) v += (data[o + j] as number) * (params[ko + j] as number);
      z[k] = v;
      if (v > max) max = v;
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((z[k] as number) - max);
      z[k] = e;
      sum += e;
    }
    const yi = p.y[i] as number;
    const w = p.weights ? (p.weights[i] as number) : 1;
    loss += w * (Math.log(sum) - Math.log(z[yi] as number));
    for (let k = 0; k < K; k++) {
      const r = (w * ((z[k] as number) / sum - (k === yi ? 1 : 0))) / total;
      const ko = k * s;
      for (let j = 0; j < d; j++) grad[ko + j] = (grad[ko + j] as number) + r * (data[o + j] as number);
      if (p.useBias) grad[ko + d] = (grad[ko + d] as number) + r;
    }
  }
  return addPenalty(p, params, grad, loss / total);
}

/** Half the mean squared error. */
export function squaredLoss(p: LinearProblem, params: Float64Array, grad: Float64Array): number {
  const { y, weights } = p;
  const total = weightSum(p);
  let loss = 0;
  linearPass(p, params, grad, (z, i) => {
    const w = weights ? (weights[i] as number) : 1;
    const r = z - (y[i] as number);
    loss += 0.5 * w * r * r;
    return (w * r) / total;
  });
  return addPenalty(p, params, grad, loss / total);
}
