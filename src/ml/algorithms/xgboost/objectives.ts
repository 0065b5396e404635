/**
 * XGBoost's learning objectives: gradient and hessian of the loss at the current margins, the margin
 * that base_score stands for, and the link from margins to predictions. Formulas as in XGBoost 1.7
 * (src/objective/regression_loss.h, multiclass_obj.cu).
 */
import { expFast } from './fast-math.js';

export const OBJECTIVES = [
  'binary:logistic',
  'multi:softprob',
  'reg:squarederror',
  'reg:absoluteerror',
  'count:poisson',
] as const;
export type ObjectiveName = (typeof OBJECTIVES)[number];

export const EVAL_METRICS = [
  'auto',
  'logloss',
  'error',
  'auc',
  'mlogloss',
  'merror',
  'rmse',
  'mae',
  'poisson-nloglik',
] as const;
export type EvalMetricName = Exclude<(typeof EVAL_METRICS)[number], 'auto'>;

export interface Objective {
  readonly name: ObjectiveName;
  readonly kind: 'classifier' | 'regressor';
  readonly defaultMetric: EvalMetricName;
  readonly metrics: readonly EvalMetricName[];
  /** The margin a prediction of base_score has (logit for logistic, log for Poisson). */
  baseMargin(baseScore: number): number;
  /**
   * Fills `gh[k]` (gradient and hessian interleaved, per row) for each output k from `margins`
   * (rows × outputs), for rows [from, to). `w` already includes scale_pos_weight.
   */
  gradients(
    margins: Float64Array,
    y: Float64Array,
    w: Float64Array | undefined,
    gh: Float32Array[],
    from: number,
    to: number,
  ): void;
  /** Margins (rows × outputs) to predictions, in place. */
  transform(margins: Float64Array, outputs: number): void;
  /** One margin to a prediction (single-output objectives). */
  link(margin: number): number;
  /**
   * `gradients` that also returns the weighted sum of `fusedMetric` losses at the same margins (and
   * the weight sum), sharing the link computation: the training metric is reported every round.
   */
  readonly fusedMetric?: EvalMetricName;
  gradientsWithLoss?(
    margins: Float64Array,
    y: Float64Array,
    w: Float64Array | undefined,
    gh: Float32Array[],
    from: number,
    to: number,
    metricWeights: Float64Array | undefined,
  ): [sum: number, wsum: number];
}

const EPS = 1e-16;

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

const logistic: Objective = {
  name: 'binary:logistic',
  kind: 'classifier',
  defaultMetric: 'logloss',
  metrics: ['logloss', 'error', 'auc', 'rmse', 'mae'],
  baseMargin: (b) => -Math.log(1 / b - 1),
  gradients(m, y, w, gh, from, to) {
    const out = gh[0]!;
    for (let i = from; i < to; i++) {
      const p = 1 / (1 + expFast(-m[i]!));
      const wi = w ? w[i]! : 1;
      out[2 * i] = (p - y[i]!) * wi;
      out[2 * i + 1] = Math.max(p * (1 - p), EPS) * wi;
    }
  },
  transform(m) {
    for (let i = 0; i < m.length; i++) m[i] = sigmoid(m[i]!);
  },
  link: sigmoid,
  fusedMetric: 'logloss',
  gradientsWithLoss(m, y, w, gh, from, to, mw) {
    const out = gh[0]!;
    // Unweighted, Σ −log q is −log Π q: one multiply per row, a logarithm only when the running
    // product nears underflow (q ≥ 1e-16, so 1e-280 leaves room for one more factor).
    let logs = 0;
    let prod = 1;
    let wsum = 0;
    for (let i = from; i < to; i++) {
      const p = 1 / (1 + expFast(-m[i]!));
      const yi = y[i]!;
      const wi = w ? w[i]! : 1;
      out[2 * i] = (p - yi) * wi;
      out[2 * i + 1] = Math.max(p * (1 - p), EPS) * wi;
      const q = Math.min(Math.max(p, EPS), 1 - EPS);
      if (mw || (yi !== 0 && yi !== 1)) {
        const mwi = mw ? mw[i]! : 1;
        logs += mwi * (yi * Math.log(q) + (1 - yi) * Math.log(1 - q));
        wsum += mwi;
        continue;
      }
      prod *= yi === 1 ? q : 1 - q;
      wsum += 1;
      if (prod < 1e-280) {
        logs += Math.log(prod);
        prod = 1;
      }
    }
    return [-(logs + Math.log(prod)), wsum];
  },
};

const softprob: Objective = {
  name: 'multi:softprob',
  kind: 'classifier',
  defaultMetric: 'mlogloss',
  metrics: ['mlogloss', 'merror'],
  baseMargin: (b) => b,
  gradients(m, y, w, gh, from, to) {
    const k = gh.length;
    const p = new Float64Array(k);
    for (let i = from; i < to; i++) {
      const o = i * k;
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, m[o + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        p[c] = expFast(m[o + c]! - max);
        sum += p[c]!;
      }
      const wi = w ? w[i]! : 1;
      const label = y[i]!;
      for (let c = 0; c < k; c++) {
        const pc = p[c]! / sum;
        const out = gh[c]!;
        out[2 * i] = (c === label ? pc - 1 : pc) * wi;
        out[2 * i + 1] = Math.max(2 * pc * (1 - pc) * wi, EPS);
      }
    }
  },
  transform(m, k) {
    for (let o = 0; o < m.length; o += k) {
      let max = Number.NEGATIVE_INFINITY;
      for (let c = 0; c < k; c++) max = Math.max(max, m[o + c]!);
      let sum = 0;
      for (let c = 0; c < k; c++) {
        m[o + c] = Math.exp(m[o + c]! - max);
        sum += m[o + c]!;
      }
      for (let c = 0; c < k; c++) m[o + c] = m[o + c]! / sum;
    }
  },
  link: (m) => m,
};

const identity = (_m: Float64Array) => undefined;

const squared: Objective = {
  name: 'reg:squarederror',
  kind: 'regressor',
  defaultMetric: 'rmse',
  metrics: ['rmse', 'mae'],
  baseMargin: (b) => b,
  gradients(m, y, w, gh, from, to) {
    const out = gh[0]!;
    for (let i = from; i < to; i++) {
      const wi = w ? w[i]! : 1;
      out[2 * i] = (m[i]! - y[i]!) * wi;
      out[2 * i + 1] = wi;
    }
  },
  transform: identity,
  link: (m) => m,
};

/** Trees split on sign gradients; their leaves are then refitted to residual medians (xgboost.ts). */
const absolute: Objective = {
  name: 'reg:absoluteerror',
  kind: 'regressor',
  defaultMetric: 'mae',
  metrics: ['mae', 'rmse'],
  baseMargin: (b) => b,
  gradients(m, y, w, gh, from, to) {
    const out = gh[0]!;
    for (let i = from; i < to; i++) {
      const wi = w ? w[i]! : 1;
      const d = Math.fround(m[i]! - Math.fround(y[i]!)); // float32 as in XGBoost: exact zeros count
      out[2 * i] = (d > 0 ? 1 : d < 0 ? -1 : 0) * wi;
      out[2 * i + 1] = wi;
    }
  },
  transform: identity,
  link: (m) => m,
};

/** count:poisson; `maxDeltaStep` (XGBoost's default 0.7) also inflates the hessian. */
function poisson(maxDeltaStep: number): Objective {
  return {
    name: 'count:poisson',
    kind: 'regressor',
    defaultMetric: 'poisson-nloglik',
    metrics: ['poisson-nloglik', 'rmse', 'mae'],
    baseMargin: (b) => Math.log(b),
    gradients(m, y, w, gh, from, to) {
      const out = gh[0]!;
      for (let i = from; i < to; i++) {
        const wi = w ? w[i]! : 1;
        out[2 * i] = (expFast(m[i]!) - y[i]!) * wi;
        out[2 * i + 1] = expFast(m[i]! + maxDeltaStep) * wi;
      }
    },
    transform(m) {
      for (let i = 0; i < m.length; i++) m[i] = Math.exp(m[i]!);
    },
    link: Math.exp,
  };
}

/** XGBoost's max_delta_step default for count:poisson. */
export const POISSON_MAX_DELTA_STEP = 0.7;

export function objective(name: ObjectiveName, maxDeltaStep: number): Objective {
  switch (name) {
    case 'binary:logistic':
      return logistic;
    case 'multi:softprob':
      return softprob;
    case 'reg:squarederror':
      return squared;
    case 'reg:absoluteerror':
      return absolute;
    case 'count:poisson':
      return poisson(maxDeltaStep);
  }
}
