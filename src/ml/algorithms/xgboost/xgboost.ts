import { invalidArgument } from '../../../core/index.js';
import type {
  Algorithm,
  AlgorithmKind,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from '../../algorithm.js';
import { type Matrix, matrix } from '../../matrix.js';
import { Random } from '../../random.js';
import { Booster } from './booster.js';
import { argmax } from './eval-metrics.js';
import { type EvalMetricName, type ObjectiveName, objective } from './objectives.js';
import type { QuantileCuts } from './quantile-cuts.js';
import { addTreeOutputs, featureImportance, type TreeEnsemble } from './tree-ensemble.js';
import { resolveConfig, XGBOOST_HYPERPARAMETERS } from './xgboost-config.js';

/** A trained model: plain values and typed arrays only. */
export interface XGBoostState {
  readonly format: 'kelp.xgboost/1';
  readonly objective: ObjectiveName;
  /** Margins per row: the number of classes for multi:softprob, else 1. */
  readonly outputs: number;
  readonly baseScore: number;
  /** base_score on the margin scale (logit for binary:logistic, log for count:poisson). */
  readonly baseMargin: number;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  /** The bin boundaries the trees were grown on (split thresholds are among them). */
  readonly cuts: QuantileCuts;
  readonly trees: TreeEnsemble;
  /** Boosting rounds kept (each adds `outputs` trees). */
  readonly rounds: number;
  /** Early stopping: the 0-based round with the best validation metric (the last round kept). */
  readonly bestIteration?: number;
  readonly bestScore?: number;
  readonly evalMetric: EvalMetricName;
}

const kindOf = (hp: HyperparameterValues): AlgorithmKind =>
  hp.objective === 'binary:logistic' || hp.objective === 'multi:softprob' ? 'classifier' : 'regressor';

async function train(
  data: TrainingSet,
  hp: HyperparameterValues,
  ctx: TrainContext,
  validation?: TrainingSet,
): Promise<XGBoostState> {
  const config = resolveConfig(hp, data, validation);
  if (data.x.rows === 0) throw invalidArgument('xgboost: the training set has no rows');
  const booster = await Booster.create(data, config, ctx, new Random(ctx.seed));
  try {
    return await booster.run(validation);
  } finally {
    await booster.close();
  }
}

/** Margins of every row (rows × outputs) before the link function. */
export function predictMargins(state: XGBoostState, x: Matrix): Float64Array {
  if (x.cols !== state.featureNames.length)
    throw invalidArgument(`xgboost: the model has ${state.featureNames.length} features, the data ${x.cols}`);
  const margins = new Float64Array(x.rows * state.outputs).fill(Math.fround(state.baseMargin));
  addTreeOutputs(state.trees, x, margins, state.outputs);
  return margins;
}

function predict(state: XGBoostState, x: Matrix): Predictions {
  const k = state.outputs;
  const p = predictMargins(state, x);
  objective(state.objective, 0).transform(p, k);
  if (state.objective === 'multi:softprob') {
    const labels = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) labels[i] = argmax(p, i * k, k);
    return { labels, scores: matrix(x.rows, k, p) };
  }
  if (state.objective === 'binary:logistic') {
    const scores = new Float64Array(x.rows * 2);
    const labels = new Int32Array(x.rows);
    for (let i = 0; i < x.rows; i++) {
      scores[2 * i] = 1 - p[i]!;
      scores[2 * i + 1] = p[i]!;
      labels[i] = p[i]! > 0.5 ? 1 : 0;
    }
    return { labels, scores: matrix(x.rows, 2, scores) };
  }
  return { values: p };
}

/**
 * Gradient-boosted trees with XGBoost's names and semantics (tree_method "hist", depth-wise growth):
 * quantile bins, second-order split gain with L1/L2 regularization, learned default directions for
 * missing values, early stopping on the validation set. Written over typed arrays (see booster.ts for
 * the data layout). With `ctx.threads` > 1 (and at least 20,000 rows per thread) the rows are split
 * into shards that worker threads work on too; the model then matches the one-thread model up to
 * float rounding in the histogram sums (and is itself the same for the same seed and thread count).
 */
export const xgboost: Algorithm<HyperparameterValues, XGBoostState> = {
  name: 'xgboost',
  kinds: ['classifier', 'regressor'],
  description:
    'Gradient-boosted decision trees (XGBoost hist): binary and multiclass classification, squared, absolute and Poisson regression',
  hyperparameters: XGBOOST_HYPERPARAMETERS,
  kindOf,
  train,
  predict,
  importance(state) {
    // XGBoost's scikit-learn feature_importances_: average gain per split, normalized later.
    const gain = featureImportance(state.trees, state.featureNames, 'gain');
    return { type: 'gain', values: Float64Array.from(state.featureNames, (n) => gain[n] ?? 0) };
  },
};
