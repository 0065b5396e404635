import { invalidArgument } from '../../../core/index.js';
import type { Algorithm, Predictions } from '../../algorithm.js';
import { columnMeans, type Matrix } from '../../matrix.js';
import { centred, type KMeansVariant, kmeansFit } from './kmeans-fit.js';
import type { InitMethod } from './kmeans-init.js';
import { assignNearest, centredSquaredNorms } from './nearest-center.js';

export interface KMeansHyperparameters {
  k: number;
  init_method: InitMethod;
  max_iterations: number;
  tol: number;
  algorithm: KMeansVariant;
  mini_batch_size: number;
  n_init: number;
  [name: string]: number | string | boolean;
}

/** The trained model: plain values and typed arrays. */
export interface KMeansState {
  /** k × d centres, row-major. */
  readonly centers: Matrix;
  /** Σ w ||x − centre||² over the training rows. */
  readonly inertia: number;
  readonly iterations: number;
}

/**
 * k-means clustering: SageMaker's `kmeans` names (k, init_method, mini_batch_size) with
 * scikit-learn's semantics and defaults for the rest (Lloyd, 300 iterations, relative tol 1e-4).
 * Logs `train:inertia` per iteration (steps run on across n_init runs). Predicts the nearest centre
 * as `labels` and the Euclidean distance to it as `values` (SageMaker's closest_cluster and
 * distance_to_cluster).
 */
export const kmeans: Algorithm<KMeansHyperparameters, KMeansState> = {
  name: 'kmeans',
  kinds: ['clusterer'],
  description: 'k-means clustering (Lloyd, Elkan or mini-batch) with k-means++ seeding.',
  hyperparameters: {
    k: { type: 'int', default: 8, min: 1, description: 'Number of clusters.' },
    init_method: {
      type: 'enum',
      default: 'kmeans++',
      values: ['kmeans++', 'random'],
      description: 'Initial centres: k-means++ seeding, or k rows drawn at random.',
    },
    max_iterations: {
      type: 'int',
      default: 300,
      min: 1,
      description: 'Iterations per run (passes over the data for minibatch).',
    },
    tol: {
      type: 'float',
      default: 1e-4,
      min: 0,
      description: 'Stop when the centres move (sum of squares) less than tol × the mean feature variance.',
    },
    algorithm: {
      type: 'enum',
      default: 'lloyd',
      values: ['lloyd', 'elkan', 'minibatch'],
      description:
        'lloyd: exact, one distance pass per iteration; elkan: same result, skips distances with bounds (n×k memory); minibatch: approximate, for large data.',
    },
    mini_batch_size: { type: 'int', default: 1024, min: 1, description: 'Rows per step for minibatch.' },
    n_init: {
      type: 'int',
      default: 1,
      min: 1,
      description: 'Runs from different seedings; the one with the lowest inertia is kept.',
    },
  },
  kindOf: () => 'clusterer',
  async train(data, hp, ctx) {
    if (ctx.threads > 1) ctx.log('kmeans: runs on one thread for now');
    let step = 0;
    const result = await kmeansFit(data.x, hp.k, {
      init: hp.init_method,
      algorithm: hp.algorithm,
      maxIterations: hp.max_iterations,
      tol: hp.tol,
      nInit: hp.n_init,
      miniBatchSize: hp.mini_batch_size,
      seed: ctx.seed,
      signal: ctx.signal,
      ...(data.weights ? { weights: data.weights } : {}),
      onIteration: (_run, _iteration, inertia) => ctx.metric('train:inertia', inertia, ++step),
    });
    ctx.log(`kmeans: inertia ${result.inertia} after ${result.iterations} iterations`);
    return { centers: result.centers, inertia: result.inertia, iterations: result.iterations };
  },
  predict(state, x): Predictions {
    return predictNearest(state.centers, x);
  },
};

/**
 * Nearest centre per row, and the (directly computed) Euclidean distance to it. Distances are taken
 * in coordinates centred on the centres' mean, so they keep their digits far from the origin.
 */
export function predictNearest(centers: Matrix, x: Matrix): Required<Pick<Predictions, 'labels' | 'values'>> {
  const { rows: n, cols: d, data } = x;
  if (d !== centers.cols) throw invalidArgument(`kmeans: model has ${centers.cols} features, input has ${d}`);
  const labels = new Int32Array(n);
  const values = new Float64Array(n);
  const shift = columnMeans(centers);
  const k = centers.rows;
  const xNorms = centredSquaredNorms(data, n, d, shift);
  assignNearest(data, n, d, shift, xNorms, centred(centers.data, k, d, shift), k, labels);
  for (let i = 0; i < n; i++) {
    const c = (labels[i] as number) * d;
    let s = 0;
    for (let t = 0, o = i * d; t < d; t++)
      s += ((data[o + t] as number) - (centers.data[c + t] as number)) ** 2;
    values[i] = Math.sqrt(s);
  }
  return { labels, values };
}
