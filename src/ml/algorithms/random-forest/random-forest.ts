import { invalidArgument } from '../../../core/index.js';
import type {
  Algorithm,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from '../../algorithm.js';
import { type Matrix, matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { binMatrix, computeCuts } from '../xgboost/index.js';
import { addForestOutputs, concatTrees, type ForestTrees, forestOutputs, meanImportance } from './forest.js';
import { growTrees } from './forest-pool.js';
import {
  forestKind,
  RANDOM_FOREST_HYPERPARAMETERS,
  resolveParams,
  rowWeights,
} from './random-forest-config.js';
import type { BuiltTree, ForestData } from './tree-builder.js';

/** A trained forest: plain values and typed arrays only. */
export interface RandomForestState {
  readonly format: 'kelp.random-forest/1';
  readonly kind: 'classifier' | 'regressor';
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly trees: ForestTrees;
  /** Mean decrease in impurity per feature (scikit-learn's feature_importances_), summing to 1. */
  readonly importance: Float64Array;
  /** Out-of-bag metrics (oob_score). */
  readonly oob?: Record<string, number>;
}

/** A checkpoint: the trees grown so far, by index. */
interface ForestSnapshot {
  readonly format: 'kelp.random-forest.checkpoint/1';
  readonly seed: number;
  readonly trees: Record<string, BuiltTree>;
}

async function train(
  data: TrainingSet,
  hp: HyperparameterValues,
  ctx: TrainContext,
  validation?: TrainingSet,
): Promise<RandomForestState> {
  const params = resolveParams(hp, data);
  const { x } = data;
  const random = new Random(ctx.seed);
  const cuts = computeCuts(x, Number(hp.max_bin), random);
  const missing = cuts.hasMissing.indexOf(1);
  if (missing >= 0)
    throw invalidArgument(
      `random-forest: feature '${data.featureNames[missing]}' has missing values (impute them first)`,
      {
        column: data.featureNames[missing],
      },
    );
  const forestData: ForestData = {
    n: x.rows,
    d: x.cols,
    codes: columnCodes(x, cuts),
    target: data.y!,
    weights: rowWeights(data, hp, params.classes),
    cutPtr: cuts.ptr,
    cutValues: cuts.values,
  };
  const numTrees = Number(hp.num_trees);
  const seeds = Uint32Array.from({ length: numTrees }, () => random.nextUint32());
  const trees: BuiltTree[] = new Array(numTrees);
  const resumed = resumeTrees(ctx, numTrees);
  for (const [i, t] of resumed) trees[i] = t;
  if (resumed.size) ctx.log(`random-forest: ${resumed.size} trees from the checkpoint`);
  ctx.log(
    `random-forest: ${x.rows} rows × ${x.cols} features, ${numTrees} trees, ${params.maxFeatures} features per split, ${ctx.threads} thread(s)`,
  );
  const outputs = params.criterion === 'squared_error' ? 1 : params.classes;
  const progress = new ProgressMetrics(data, outputs, validation, trees, ctx, Boolean(hp.oob_score));
  await growTrees(forestData, params, seeds, {
    threads: ctx.threads,
    signal: ctx.signal,
    withOob: Boolean(hp.oob_score),
    done: new Set(resumed.keys()),
    onTree: async (i, tree) => {
      trees[i] = tree;
      progress.advance();
      // A snapshot per tree costs only this object: the job decides how often to write one.
      if (ctx.checkpoint) {
        const done: Record<string, BuiltTree> = {};
        trees.forEach((t, k) => {
          done[k] = t;
        });
        await ctx.checkpoint({ format: 'kelp.random-forest.checkpoint/1', seed: ctx.seed, trees: done });
      }
    },
  });
  return {
    format: 'kelp.random-forest/1',
    kind: params.criterion === 'squared_error' ? 'regressor' : 'classifier',
    featureNames: data.featureNames,
    ...(data.classes ? { classes: data.classes } : {}),
    trees: concatTrees(trees, outputs),
    importance: meanImportance(trees, x.cols),
    ...(progress.oob ? { oob: progress.oob } : {}),
  };
}

function resumeTrees(ctx: TrainContext, numTrees: number): Map<number, BuiltTree> {
  const s = ctx.resume as ForestSnapshot | undefined;
  const out = new Map<number, BuiltTree>();
  if (s?.format !== 'kelp.random-forest.checkpoint/1' || s.seed !== ctx.seed) return out;
  for (const [k, t] of Object.entries(s.trees)) if (Number(k) < numTrees) out.set(Number(k), t);
  return out;
}

/** The bin codes, column by column (the tree builder scans one feature of many rows at a time). */
function columnCodes(x: Matrix, cuts: ReturnType<typeof computeCuts>): Uint8Array {
  const { bins, stride } = binMatrix(x, cuts);
  const n = x.rows;
  const out = new Uint8Array(new SharedArrayBuffer(n * x.cols));
  for (let i = 0; i < n; i++) for (let f = 0; f < x.cols; f++) out[f * n + i] = bins[i * stride + f]!;
  return out;
}

/**
 * Validation and out-of-bag metrics as the forest grows, in tree order (trees finish out of order
 * with several threads): about 100 points per curve.
 */
class ProgressMetrics {
  private next = 0;
  private readonly every: number;
  private readonly k: number;
  private readonly valX?: Float32Array;
  private readonly valSums?: Float64Array;
  private readonly oobSums?: Float64Array;
  private readonly oobCounts?: Int32Array;
  oob?: Record<string, number>;

  constructor(
    private readonly data: TrainingSet,
    outputs: number,
    private readonly validation: TrainingSet | undefined,
    private readonly trees: BuiltTree[],
    private readonly ctx: TrainContext,
    withOob: boolean,
  ) {
    this.k = outputs;
    this.every = Math.max(1, Math.ceil(trees.length / 100));
    if (validation?.y) {
      this.valX = Float32Array.from(validation.x.data);
      this.valSums = new Float64Array(validation.x.rows * this.k);
    }
    if (withOob) {
      this.oobSums = new Float64Array(data.x.rows * this.k);
      this.oobCounts = new Int32Array(data.x.rows);
    }
  }

  /** Takes in every finished tree at the front of the queue. */
  advance(): void {
    while (this.next < this.trees.length && this.trees[this.next]) {
      const t = this.trees[this.next]!;
      const i = this.next++;
      if (this.valSums && this.validation)
        addForestOutputs(
          concatTrees([t], this.k),
          this.valX!,
          this.validation.x.rows,
          this.validation.x.cols,
          this.valSums,
        );
      if (this.oobSums && t.oobRows && t.oobValues) {
        t.oobRows.forEach((r, j) => {
          this.oobCounts![r] = this.oobCounts![r]! + 1;
          for (let c = 0; c < this.k; c++)
            this.oobSums![r * this.k + c] = this.oobSums![r * this.k + c]! + t.oobValues![j * this.k + c]!;
        });
      }
      if ((i + 1) % this.every === 0 || i + 1 === this.trees.length) this.report(i + 1);
    }
  }

  private report(step: number): void {
    if (this.valSums && this.validation?.y) {
      for (const [name, value] of Object.entries(scores(this.valSums, this.validation.y, this.k, step)))
        this.ctx.metric(`validation:${name}`, value, step);
    }
    if (this.oobSums && this.data.y) {
      const rows: number[] = [];
      this.oobCounts!.forEach((c, r) => {
        if (c > 0) rows.push(r);
      });
      const sums = new Float64Array(rows.length * this.k);
      const y = new Float64Array(rows.length);
      rows.forEach((r, j) => {
        y[j] = this.data.y![r]!;
        for (let c = 0; c < this.k; c++)
          sums[j * this.k + c] = this.oobSums![r * this.k + c]! / this.oobCounts![r]!;
      });
      this.oob = scores(sums, y, this.k, 1);
      for (const [name, value] of Object.entries(this.oob)) this.ctx.metric(`oob:${name}`, value, step);
    }
  }
}

/** accuracy and log loss (classifiers) or RMSE (regressors) of summed outputs over `trees` trees. */
function scores(sums: Float64Array, y: Float64Array, k: number, trees: number): Record<string, number> {
  const n = y.length;
  if (k === 1) {
    let se = 0;
    for (let i = 0; i < n; i++) se += (sums[i]! / trees - y[i]!) ** 2;
    return { rmse: Math.sqrt(se / Math.max(1, n)) };
  }
  let correct = 0;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (sums[i * k + c]! > sums[i * k + best]!) best = c;
    if (best === y[i]) correct++;
    const p = Math.min(1 - 1e-15, Math.max(1e-15, sums[i * k + y[i]!]! / trees));
    loss -= Math.log(p);
  }
  return { accuracy: correct / Math.max(1, n), logloss: loss / Math.max(1, n) };
}

function predict(state: RandomForestState, x: Matrix): Predictions {
  if (x.cols !== state.featureNames.length)
    throw invalidArgument(
      `random-forest: the model has ${state.featureNames.length} features, the data ${x.cols}`,
    );
  const out = forestOutputs(state.trees, x);
  if (state.kind === 'regressor') return { values: out };
  const k = state.trees.outputs;
  const labels = new Int32Array(x.rows);
  for (let i = 0; i < x.rows; i++) {
    let best = 0;
    for (let c = 1; c < k; c++) if (out[i * k + c]! > out[i * k + best]!) best = c;
    labels[i] = best;
  }
  return { labels, scores: matrix(x.rows, k, out) };
}

/**
 * Random forests (Breiman 2001) as scikit-learn grows them: bootstrap samples, a random subset of
 * features tried at each split, Gini/entropy or squared-error splits, fully grown trees by default,
 * probabilities averaged over trees. Split points are boundaries between quantile bins (up to
 * max_bin per feature, as in LightGBM and XGBoost's hist) instead of midpoints between every pair of
 * distinct values: a far cheaper search for a nearly identical forest. Trees grow in worker threads
 * (`ctx.threads`), each from its own seed, so the forest is the same for any thread count.
 */
export const randomForest: Algorithm<HyperparameterValues, RandomForestState> = {
  name: 'random-forest',
  kinds: ['classifier', 'regressor'],
  description:
    'Random forest of decision trees (bootstrap, random feature subsets): classification and regression',
  hyperparameters: RANDOM_FOREST_HYPERPARAMETERS,
  kindOf: forestKind,
  train,
  predict,
  importance: (state) => ({ type: 'impurity', values: state.importance }),
};
