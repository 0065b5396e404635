import { invalidArgument } from '../../../core/index.js';
import type {
  Algorithm,
  AlgorithmKind,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from '../../algorithm.js';
import { type Features, isSparse, matrix, type SparseMatrix, toSparse } from '../../matrix.js';
import { FM_HYPERPARAMETERS, resolveConfig } from './factorization-machines-config.js';
import { scoreRows, sigmoid } from './fm-kernel.js';
import { type FmExamples, trainFm } from './fm-trainer.js';

/**
 * A trained FM, ŷ = w0 + Σ wⱼxⱼ + Σ_{j<l} ⟨vⱼ, vₗ⟩ xⱼxₗ: `bias` is w0, `linear` w and `factors`
 * V (features × numFactors, row-major). Plain values and typed arrays only.
 */
export interface FmState {
  readonly format: 'kelp.factorization-machines/1';
  readonly predictorType: 'binary_classifier' | 'regressor';
  readonly features: number;
  readonly numFactors: number;
  readonly bias: number;
  readonly linear: Float64Array;
  readonly factors: Float64Array;
  readonly featureNames: readonly string[];
  readonly classes?: readonly string[];
  readonly epochs: number;
}

const NAME = 'factorization-machines';

const kindOf = (hp: HyperparameterValues): AlgorithmKind =>
  hp.predictor_type === 'regressor' ? 'regressor' : 'classifier';

/**
 * The features as CSR (FM is built for sparse one-hot data, where a dense matrix may not fit),
 * checked: finite values, column indices in range.
 */
function sparseFeatures(x: Features, what: string): SparseMatrix {
  const s = isSparse(x) ? x : toSparse(x);
  if (s.indptr.length !== s.rows + 1 || s.indptr[s.rows] !== s.values.length)
    throw invalidArgument(`${NAME}: ${what} is not a valid CSR matrix (indptr does not match the values)`);
  for (let t = 0; t < s.values.length; t++) {
    const value = s.values[t]!;
    const j = s.indices[t]!;
    if (Number.isFinite(value) && j >= 0 && j < s.cols) continue;
    const row = rowOf(s.indptr, t);
    throw invalidArgument(
      Number.isFinite(value)
        ? `${NAME}: ${what} row ${row + 1} has column index ${j}, outside 0..${s.cols - 1}`
        : `${NAME}: ${what} row ${row + 1}, column ${j} is ${value}; features must be finite numbers`,
      { row: row + 1, column: j },
    );
  }
  return s;
}

/** The row holding entry t: the last i with indptr[i] ≤ t. */
function rowOf(indptr: Int32Array, t: number): number {
  let lo = 0;
  let hi = indptr.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (indptr[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function examples(set: TrainingSet<Features>, what: string, predictorType: string): FmExamples {
  const x = sparseFeatures(set.x, what);
  const y = set.y;
  if (!y || y.length !== x.rows)
    throw invalidArgument(`${NAME}: ${what} needs a target for each of its ${x.rows} rows`);
  for (let i = 0; i < y.length; i++) {
    const ok = predictorType === 'regressor' ? Number.isFinite(y[i]) : y[i] === 0 || y[i] === 1;
    if (!ok)
      throw invalidArgument(
        `${NAME}: ${what} row ${i + 1} has target ${y[i]}; ${predictorType === 'regressor' ? 'targets must be finite' : 'class indices must be 0 or 1'}`,
        { row: i + 1 },
      );
  }
  const w = set.weights;
  if (w && (w.length !== x.rows || w.some((v) => !(v >= 0 && Number.isFinite(v)))))
    throw invalidArgument(
      `${NAME}: ${what} needs a finite, non-negative weight for each of its ${x.rows} rows`,
    );
  return { x, y, ...(w ? { weights: w } : {}) };
}

async function train(
  data: TrainingSet<Features>,
  hp: HyperparameterValues,
  ctx: TrainContext,
  validation?: TrainingSet<Features>,
): Promise<FmState> {
  const config = resolveConfig(hp);
  const type = config.predictorType;
  const classes = data.classes?.length ?? 0;
  if (type === 'binary_classifier' && classes !== 2)
    throw invalidArgument(
      `${NAME}: predictor_type binary_classifier needs exactly 2 classes in the target, found ${classes}; use predictor_type regressor for a numeric target`,
      { hyperparameter: 'predictor_type' },
    );
  const train = examples(data, 'training data', type);
  if (train.x.rows === 0) throw invalidArgument(`${NAME}: the training data has no rows`);
  const valid = validation ? examples(validation, 'validation data', type) : undefined;
  if (valid && valid.x.cols !== train.x.cols)
    throw invalidArgument(
      `${NAME}: validation data has ${valid.x.cols} features, the training data ${train.x.cols}`,
    );
  const params = await trainFm(train, config, ctx, valid);
  return {
    format: 'kelp.factorization-machines/1',
    predictorType: type,
    features: train.x.cols,
    numFactors: config.numFactors,
    bias: params.bias[0]!,
    linear: params.linear,
    factors: params.factors,
    featureNames: data.featureNames,
    ...(type === 'binary_classifier' && data.classes ? { classes: data.classes } : {}),
    epochs: config.epochs,
  };
}

/** ŷ before the link function (the margin for a classifier) for every row. */
export function fmMargins(state: FmState, x: Features): Float64Array {
  if (x.cols !== state.features)
    throw invalidArgument(`${NAME}: the model takes ${state.features} features, got ${x.cols}`, {
      expected: state.features,
      actual: x.cols,
    });
  const { bias, linear, factors, numFactors: k } = state;
  return scoreRows({ k, bias: Float64Array.of(bias), linear, factors }, sparseFeatures(x, 'input'));
}

function predict(state: FmState, x: Features): Predictions {
  const margins = fmMargins(state, x);
  if (state.predictorType === 'regressor') return { values: margins };
  const n = margins.length;
  const labels = new Int32Array(n);
  const scores = new Float64Array(n * 2);
  for (let i = 0; i < n; i++) {
    const p = sigmoid(margins[i]!);
    scores[2 * i] = 1 - p;
    scores[2 * i + 1] = p;
    // SageMaker: label 1 when the score is at least 0.5.
    labels[i] = p >= 0.5 ? 1 : 0;
  }
  return { labels, scores: matrix(n, 2, scores) };
}

/** SageMaker's Factorization Machines: pairwise interactions through learned factor vectors. */
/** Takes sparse features as they are (register it without `acceptingSparse`). */
export const factorizationMachines: Algorithm<HyperparameterValues, FmState, Features> = {
  name: NAME,
  kinds: ['classifier', 'regressor'],
  description:
    'Factorization machines: a linear model plus pairwise feature interactions through learned factors, for sparse data such as user/item ids (binary classifier, regressor)',
  hyperparameters: FM_HYPERPARAMETERS,
  kindOf,
  train,
  predict,
};
