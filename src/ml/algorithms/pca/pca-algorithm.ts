import { invalidArgument } from '../../../core/index.js';
import type { Algorithm, Predictions } from '../../algorithm.js';
import { crossDots } from '../../kernels/cross-dots.js';
import type { Matrix } from '../../matrix.js';
import { type PcaMode, pcaFit } from './pca-fit.js';

export interface PcaHyperparameters {
  num_components: number;
  algorithm_mode: PcaMode;
  subtract_mean: boolean;
  extra_components: number;
  power_iterations: number;
  [name: string]: number | string | boolean;
}

/** The trained model: plain values and typed arrays. */
export interface PcaState {
  /** Subtracted before projecting (zeros when subtract_mean is false). */
  readonly mean: Float64Array;
  /** k × d, one unit-length component per row, largest variance first. */
  readonly components: Matrix;
  readonly explainedVariance: Float64Array;
  readonly explainedVarianceRatio: Float64Array;
  readonly singularValues: Float64Array;
  readonly noiseVariance: number;
}

/**
 * Principal component analysis with SageMaker's hyperparameter names (num_components,
 * algorithm_mode, subtract_mean, extra_components) and scikit-learn's results (explained variance
 * with ddof = 1, ratios over the total variance). Predicts the projections as `scores` (rows ×
 * num_components). Example weights are refused rather than ignored.
 */
export const pca: Algorithm<PcaHyperparameters, PcaState> = {
  name: 'pca',
  kinds: ['transformer'],
  description: 'Principal component analysis (exact from the covariance matrix, or randomized).',
  hyperparameters: {
    num_components: {
      type: 'int',
      default: 10,
      min: 1,
      description: 'Components to keep (at most the number of features and of rows).',
    },
    algorithm_mode: {
      type: 'enum',
      default: 'regular',
      values: ['regular', 'randomized'],
      description:
        'regular: exact, from the d×d covariance (d² memory, d³ time); randomized: Halko et al., for many features.',
    },
    subtract_mean: {
      type: 'bool',
      default: true,
      description: 'Centre the data first (false: components of the raw rows, as a truncated SVD).',
    },
    extra_components: {
      type: 'int',
      default: 10,
      min: 0,
      description: 'Randomized: extra directions carried along for accuracy (oversampling).',
    },
    power_iterations: {
      type: 'int',
      default: -1,
      min: -1,
      description:
        'Randomized: power iterations (-1 = auto: 7 if num_components < 0.1·min(rows, features), else 4).',
    },
  },
  kindOf: () => 'transformer',
  async train(data, hp, ctx) {
    if (data.weights) throw invalidArgument('pca does not support example weights');
    if (ctx.threads > 1) ctx.log('pca: runs on one thread for now');
    const result = await pcaFit(data.x, {
      numComponents: hp.num_components,
      mode: hp.algorithm_mode,
      subtractMean: hp.subtract_mean,
      extraComponents: hp.extra_components,
      powerIterations: hp.power_iterations < 0 ? 'auto' : hp.power_iterations,
      seed: ctx.seed,
      signal: ctx.signal,
    });
    result.explainedVarianceRatio.forEach((r, j) => {
      ctx.metric('train:explained_variance_ratio', r, j + 1);
    });
    return result;
  },
  predict(state, x): Predictions {
    return { scores: project(state, x) };
  },
};

/** (x − mean)·componentsᵀ: rows × k. */
export function project(state: Pick<PcaState, 'mean' | 'components'>, x: Matrix): Matrix {
  const { rows: n, cols: d, data } = x;
  const { components, mean } = state;
  if (d !== components.cols)
    throw invalidArgument(`pca: model has ${components.cols} features, input has ${d}`);
  const k = components.rows;
  const out = new Float64Array(n * k);
  const block = 256;
  const centred = new Float64Array(Math.min(block, n) * d);
  for (let i0 = 0; i0 < n; i0 += block) {
    const m = Math.min(block, n - i0);
    for (let r = 0; r < m; r++) {
      for (let a = 0, o = (i0 + r) * d; a < d; a++)
        centred[r * d + a] = (data[o + a] as number) - (mean[a] as number);
    }
    crossDots(centred, m, components.data, k, d, out.subarray(i0 * k, (i0 + m) * k));
  }
  return { rows: n, cols: k, data: out };
}
