import { invalidArgument } from '../../../core/index.js';
import type { Algorithm, Predictions } from '../../algorithm.js';
import { createYieldPoint } from '../../kernels/yield-point.js';
import { type Matrix, takeRows } from '../../matrix.js';
import { Random } from '../../random.js';
import { type ForestArrays, ForestBuilder } from './forest-build.js';
import { type ForestBoxes, forestBoxes, scoreRows } from './forest-score.js';
import { reservoirSample } from './reservoir.js';

export interface RcfHyperparameters {
  num_trees: number;
  num_samples_per_tree: number;
  [name: string]: number | string | boolean;
}

/** The trained model: the forest's flat arrays plus a few numbers. */
export interface RcfState extends ForestArrays {
  readonly dimensions: number;
  /** Points per tree: min(num_samples_per_tree, training rows). */
  readonly treeMass: number;
  /** Mean and standard deviation of the training rows' scores (AWS suggests flagging > mean + 3·std). */
  readonly trainScoreMean: number;
  readonly trainScoreStd: number;
}

/** Training rows scored for the summary statistics at most (a sample beyond that). */
const STATS_ROWS = 10_000;

/** Boxes are derived data: computed on first use of a (loaded) state, not saved. */
const boxCache = new WeakMap<RcfState, ForestBoxes>();

/**
 * Random Cut Forest anomaly detection with SageMaker's hyperparameters (feature_dim is taken from
 * the data). Each tree is a random cut tree over a reservoir sample of the rows; the score is the
 * AWS library's standard anomaly score (see forest-score.ts), higher meaning more anomalous.
 * Example weights are refused rather than ignored.
 */
export const randomCutForest: Algorithm<RcfHyperparameters, RcfState> = {
  name: 'randomcutforest',
  kinds: ['anomaly'],
  description: 'Random Cut Forest anomaly detector (Guha et al. 2016): an anomaly score per row.',
  hyperparameters: {
    num_trees: {
      type: 'int',
      default: 100,
      min: 50,
      max: 1000,
      description: 'Trees in the forest; more trees lower the variance of the scores.',
    },
    num_samples_per_tree: {
      type: 'int',
      default: 256,
      min: 1,
      max: 2048,
      description:
        'Rows sampled (uniformly, by reservoir sampling) for each tree; about 1/num_samples_per_tree should match the expected share of anomalies.',
    },
  },
  kindOf: () => 'anomaly',
  async train(data, hp, ctx) {
    const { x } = data;
    if (x.rows === 0) throw invalidArgument('randomcutforest: no training rows');
    if (x.cols === 0) throw invalidArgument('randomcutforest: the data has no features');
    if (data.weights) throw invalidArgument('randomcutforest does not support example weights');
    const numTrees = positiveInt('num_trees', hp.num_trees);
    const samples = positiveInt('num_samples_per_tree', hp.num_samples_per_tree);
    if (ctx.threads > 1) ctx.log('randomcutforest: runs on one thread for now');
    const rng = new Random(ctx.seed);
    const treeMass = Math.min(samples, x.rows);
    const builder = new ForestBuilder(numTrees, treeMass, x.cols);
    const yieldPoint = createYieldPoint('randomcutforest training', ctx.signal);
    for (let t = 0; t < numTrees; t++) {
      ctx.signal.throwIfAborted();
      builder.addTree(x, reservoirSample(x.rows, samples, rng), rng);
      await yieldPoint();
    }
    const forest = builder.finish();
    const scored = x.rows > STATS_ROWS ? takeRows(x, rng.sample(x.rows, STATS_ROWS)) : x;
    const scores = scoreRows(forest, forestBoxes(forest, x.cols), treeMass, scored);
    const { mean, std } = meanStd(scores);
    ctx.metric('train:mean_score', mean, 0);
    ctx.metric('train:score_std', std, 0);
    ctx.log(
      `randomcutforest: ${numTrees} trees of ${treeMass} rows, ${x.cols} features; ` +
        `training scores mean ${mean.toFixed(4)}, std ${std.toFixed(4)} (mean + 3·std = ${(mean + 3 * std).toFixed(4)})`,
    );
    return { ...forest, dimensions: x.cols, treeMass, trainScoreMean: mean, trainScoreStd: std };
  },
  predict(state, x): Predictions {
    return { values: scoreForest(state, x) };
  },
};

/** Anomaly score per row of `x` (higher = more anomalous). */
export function scoreForest(state: RcfState, x: Matrix): Float64Array {
  if (x.cols !== state.dimensions)
    throw invalidArgument(`randomcutforest: model has ${state.dimensions} features, input has ${x.cols}`);
  let boxes = boxCache.get(state);
  if (!boxes) {
    boxes = forestBoxes(state, state.dimensions);
    boxCache.set(state, boxes);
  }
  return scoreRows(state, boxes, state.treeMass, x);
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw invalidArgument(`randomcutforest: ${name} must be a positive whole number, got ${value}`);
  return value;
}

function meanStd(values: Float64Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  return { mean, std: Math.sqrt(ss / values.length) };
}
