import { invalidArgument } from '../../../core/index.js';
import type { HyperparameterSpec, HyperparameterValues, TrainingSet } from '../../algorithm.js';
import {
  EVAL_METRICS,
  type EvalMetricName,
  OBJECTIVES,
  type Objective,
  type ObjectiveName,
  objective,
  POISSON_MAX_DELTA_STEP,
} from './objectives.js';
import { type SplitParams, splitParams } from './split-evaluator.js';

/** XGBoost's names, defaults (1.7) and ranges. */
export const XGBOOST_HYPERPARAMETERS = {
  objective: {
    type: 'enum',
    default: 'binary:logistic',
    values: OBJECTIVES,
    description: 'Loss to minimize; binary:logistic and multi:softprob train classifiers',
  },
  num_class: {
    type: 'int',
    default: 0,
    min: 0,
    max: 10000,
    description: 'multi:softprob: number of classes (0: the number of classes in the target)',
  },
  num_round: { type: 'int', default: 100, min: 1, max: 100000, description: 'Boosting rounds' },
  max_depth: { type: 'int', default: 6, min: 1, max: 20, description: 'Maximum depth of a tree' },
  eta: {
    type: 'float',
    default: 0.3,
    min: 0,
    max: 1,
    description: 'Learning rate: shrinks each tree’s leaf values',
  },
  gamma: {
    type: 'float',
    default: 0,
    min: 0,
    description: 'Minimum loss reduction (min_split_loss) a split must make',
  },
  min_child_weight: {
    type: 'float',
    default: 1,
    min: 0,
    description: 'Minimum sum of hessians in each child of a split',
  },
  max_delta_step: {
    type: 'float',
    default: 0,
    min: 0,
    description: `Caps each leaf weight before eta (0: no cap; count:poisson then uses ${POISSON_MAX_DELTA_STEP}, as XGBoost does)`,
  },
  subsample: {
    type: 'float',
    default: 1,
    min: 0,
    max: 1,
    exclusiveMin: true,
    description: 'Fraction of rows (drawn per round) each tree is grown on',
  },
  colsample_bytree: {
    type: 'float',
    default: 1,
    min: 0,
    max: 1,
    exclusiveMin: true,
    description: 'Fraction of features (drawn per tree) each tree may split on',
  },
  lambda: { type: 'float', default: 1, min: 0, description: 'L2 regularization of leaf weights' },
  alpha: { type: 'float', default: 0, min: 0, description: 'L1 regularization of leaf weights' },
  scale_pos_weight: {
    type: 'float',
    default: 1,
    min: 0,
    exclusiveMin: true,
    description: 'binary:logistic: weight of positive examples',
  },
  max_bin: {
    type: 'int',
    default: 256,
    min: 2,
    max: 256,
    description: 'Maximum number of quantile bins per feature (a missing value has a bin of its own)',
  },
  base_score: {
    type: 'float',
    default: 0.5,
    description:
      'Initial prediction of every row (a probability for binary:logistic, a mean for count:poisson)',
  },
  eval_metric: {
    type: 'enum',
    default: 'auto',
    values: EVAL_METRICS,
    description:
      'Metric reported per round and watched by early stopping (auto: logloss, mlogloss, rmse, mae or poisson-nloglik by objective)',
  },
  early_stopping_rounds: {
    type: 'int',
    default: 0,
    min: 0,
    max: 100000,
    description:
      'Stop when the validation metric has not improved for this many rounds and keep the best round (0: off)',
  },
} as const satisfies Record<string, HyperparameterSpec>;

/** Hyperparameters checked against each other and the data, in the units training uses. */
export interface XGBoostConfig {
  readonly objective: Objective;
  readonly outputs: number;
  readonly rounds: number;
  readonly maxDepth: number;
  readonly split: SplitParams;
  readonly subsample: number;
  readonly colsample: number;
  readonly scalePosWeight: number;
  readonly maxBin: number;
  readonly baseScore: number;
  readonly baseMargin: number;
  readonly metric: EvalMetricName;
  readonly earlyStoppingRounds: number;
}

const bad = (name: string, why: string, value: unknown) =>
  invalidArgument(`xgboost: hyperparameter '${name}' ${why}`, { hyperparameter: name, value });

/** Resolves parsed hyperparameters (defaults filled in) against the training data. */
export function resolveConfig(
  hp: HyperparameterValues,
  data: TrainingSet,
  validation: TrainingSet | undefined,
): XGBoostConfig {
  const num = (k: keyof typeof XGBOOST_HYPERPARAMETERS) =>
    (hp[k] ?? XGBOOST_HYPERPARAMETERS[k].default) as number;
  const name = (hp.objective ?? 'binary:logistic') as ObjectiveName;
  if (!OBJECTIVES.includes(name)) throw bad('objective', `must be one of ${OBJECTIVES.join(', ')}`, name);
  const maxDeltaStep = num('max_delta_step') || (name === 'count:poisson' ? POISSON_MAX_DELTA_STEP : 0);
  const obj = objective(name, maxDeltaStep);
  if (!data.y) throw invalidArgument('xgboost needs a target column');
  const classes = data.classes?.length ?? 0;
  let outputs = 1;
  if (name === 'binary:logistic' && classes !== 2 && classes !== 0)
    throw bad('objective', `binary:logistic needs exactly 2 classes in the target, found ${classes}`, name);
  if (name === 'multi:softprob') {
    const k = num('num_class') || classes;
    if (k < 2) throw bad('num_class', `must be at least 2 for multi:softprob, got ${k}`, k);
    if (classes && k !== classes)
      throw bad('num_class', `is ${k} but the target has ${classes} classes`, num('num_class'));
    outputs = k;
  }
  checkLabels(obj, data.y, outputs);
  const baseScore = num('base_score');
  if (name === 'binary:logistic' && !(baseScore > 0 && baseScore < 1))
    throw bad('base_score', `must be in (0, 1) for binary:logistic, got ${baseScore}`, baseScore);
  if (name === 'count:poisson' && !(baseScore > 0))
    throw bad('base_score', `must be above 0 for count:poisson, got ${baseScore}`, baseScore);
  const metricName = (hp.eval_metric ?? 'auto') as string;
  const metric = metricName === 'auto' ? obj.defaultMetric : (metricName as EvalMetricName);
  if (!obj.metrics.includes(metric))
    throw bad(
      'eval_metric',
      `${metric} does not apply to ${name}; use ${obj.metrics.join(', ')}`,
      metricName,
    );
  const earlyStoppingRounds = num('early_stopping_rounds');
  if (earlyStoppingRounds > 0 && !validation?.y)
    throw bad('early_stopping_rounds', 'needs a validation set (a validation channel)', earlyStoppingRounds);
  if (validation && validation.x.cols !== data.x.cols)
    throw invalidArgument(
      `xgboost: validation data has ${validation.x.cols} features, training data ${data.x.cols}`,
    );
  return {
    objective: obj,
    outputs,
    rounds: num('num_round'),
    maxDepth: num('max_depth'),
    split: splitParams({
      eta: num('eta'),
      lambda: num('lambda'),
      alpha: num('alpha'),
      gamma: num('gamma'),
      minChildWeight: num('min_child_weight'),
      maxDeltaStep,
    }),
    subsample: num('subsample'),
    colsample: num('colsample_bytree'),
    scalePosWeight: num('scale_pos_weight'),
    maxBin: num('max_bin'),
    baseScore,
    baseMargin: obj.baseMargin(baseScore),
    metric,
    earlyStoppingRounds,
  };
}

function checkLabels(obj: Objective, y: Float64Array, outputs: number): void {
  for (let i = 0; i < y.length; i++) {
    const v = y[i]!;
    const ok =
      obj.name === 'binary:logistic'
        ? v === 0 || v === 1
        : obj.name === 'multi:softprob'
          ? Number.isInteger(v) && v >= 0 && v < outputs
          : obj.name === 'count:poisson'
            ? v >= 0
            : Number.isFinite(v);
    if (!ok)
      throw invalidArgument(`xgboost: label ${v} at row ${i} is not valid for ${obj.name}`, { row: i });
  }
}
