import { invalidArgument } from '../../../core/index.js';
import type {
  Algorithm,
  AlgorithmKind,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from '../../algorithm.js';
import { type Matrix, matrix, takeRows } from '../../matrix.js';
import { minimizeLbfgs } from '../../optimize/lbfgs.js';
import { Random } from '../../random.js';
import { type LinearProblem, logisticLoss, softmaxLoss, squaredLoss } from './objectives.js';
import { chooseThreshold, type ThresholdCriterion } from './threshold.js';

export interface LinearLearnerState {
  readonly predictorType: 'binary_classifier' | 'multiclass_classifier' | 'regressor';
  /** K rows of (d weights, bias) in the original feature units. */
  readonly coefficients: Float64Array;
  readonly outputs: number;
  readonly features: number;
  /** Binary classifiers: predicted positive when p ≥ threshold. */
  readonly threshold: number;
  readonly iterations: number;
  /** Standard deviation of each feature in the training data (for importance: |w|·σ). */
  readonly featureStd?: Float64Array;
}

const HYPERPARAMETERS = {
  predictor_type: {
    type: 'enum',
    default: 'binary_classifier',
    values: ['binary_classifier', 'multiclass_classifier', 'regressor'],
    description: 'What the model predicts',
  },
  optimizer: {
    type: 'enum',
    default: 'auto',
    values: ['auto', 'lbfgs', 'sgd', 'adam'],
    description: 'auto: L-BFGS over the full data, or Adam when l1 > 0',
  },
  wd: {
    type: 'float',
    default: 0,
    min: 0,
    description: 'L2 weight decay: wd/2·‖w‖² is added to the mean loss',
  },
  l1: { type: 'float', default: 0, min: 0, description: 'L1 penalty l1·‖w‖₁ (proximal steps with sgd/adam)' },
  epochs: { type: 'int', default: 15, min: 1, max: 10000, description: 'Passes over the data for sgd/adam' },
  max_iterations: {
    type: 'int',
    default: 1000,
    min: 1,
    max: 100000,
    description: 'L-BFGS iterations at most',
  },
  tol: {
    type: 'float',
    default: 1e-8,
    min: 0,
    description: 'L-BFGS stops when the largest gradient component is below this',
  },
  learning_rate: {
    type: 'float',
    default: 0.01,
    min: 0,
    exclusiveMin: true,
    description: 'Step size for sgd/adam',
  },
  mini_batch_size: {
    type: 'int',
    default: 1000,
    min: 1,
    max: 1000000,
    description: 'Examples per sgd/adam step',
  },
  use_bias: { type: 'bool', default: true, description: 'Fit an intercept' },
  normalize_data: {
    type: 'bool',
    default: true,
    description: 'Standardize features before training (coefficients are reported in original units)',
  },
  normalize_label: {
    type: 'bool',
    default: true,
    description: 'Regressors: standardize the label while training',
  },
  binary_classifier_model_selection_criteria: {
    type: 'enum',
    default: 'accuracy',
    values: [
      'accuracy',
      'f_beta',
      'precision_at_target_recall',
      'recall_at_target_precision',
      'loss_function',
    ],
    description: 'How the decision threshold is chosen (on the validation data when given)',
  },
  target_recall: {
    type: 'float',
    default: 0.8,
    min: 0,
    max: 1,
    description: 'For precision_at_target_recall',
  },
  target_precision: {
    type: 'float',
    default: 0.8,
    min: 0,
    max: 1,
    description: 'For recall_at_target_precision',
  },
  f_beta: {
    type: 'float',
    default: 1,
    min: 0,
    exclusiveMin: true,
    description: 'Beta of the F score for f_beta',
  },
  positive_example_weight_mult: {
    type: 'float',
    default: 1,
    min: 0,
    exclusiveMin: true,
    description: 'Weight of positive examples (binary)',
  },
  balance_multiclass_weights: {
    type: 'bool',
    default: false,
    description: 'Weight classes by inverse frequency (multiclass)',
  },
  early_stopping_patience: {
    type: 'int',
    default: 3,
    min: 1,
    max: 1000,
    description: 'sgd/adam: epochs without improvement on validation before stopping',
  },
  early_stopping_tolerance: {
    type: 'float',
    default: 0.001,
    min: 0,
    description: 'Relative improvement that counts',
  },
} as const;

type Hp = HyperparameterValues;

function kindOf(hp: Hp): AlgorithmKind {
  return hp.predictor_type === 'regressor' ? 'regressor' : 'classifier';
}

/** Column means and standard deviations (population), std 1 where a column is constant. */
/** Per-column mean and standard deviation (population; 1 for a constant column). */
function columnStats(x: Matrix): { mean: Float64Array; std: Float64Array } {
  const { rows: n, cols: d, data } = x;
  const mean = new Float64Array(d);
  const sq = new Float64Array(d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) + (data[i * d + j] as number);
  for (let j = 0; j < d; j++) mean[j] = (mean[j] as number) / Math.max(1, n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const c = (data[i * d + j] as number) - (mean[j] as number);
      sq[j] = (sq[j] as number) + c * c;
    }
  }
  const std = new Float64Array(d);
  for (let j = 0; j < d; j++) {
    const s = Math.sqrt((sq[j] as number) / Math.max(1, n));
    std[j] = s > 1e-12 ? s : 1;
  }
  return { mean, std };
}

/** The columns standardized (a scaled copy), with their statistics. */
function standardize(x: Matrix): { mean: Float64Array; std: Float64Array; scaled: Matrix } {
  const { rows: n, cols: d, data } = x;
  const { mean, std } = columnStats(x);
  const out = new Float64Array(n * d);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++)
      out[i * d + j] = ((data[i * d + j] as number) - (mean[j] as number)) / (std[j] as number);
  return { mean, std, scaled: matrix(n, d, out) };
}

function exampleWeights(data: TrainingSet, hp: Hp, outputs: number): Float64Array | undefined {
  const y = data.y as Float64Array;
  let w = data.weights ? Float64Array.from(data.weights) : undefined;
  if (hp.predictor_type === 'binary_classifier' && hp.positive_example_weight_mult !== 1) {
    w ??= new Float64Array(y.length).fill(1);
    for (let i = 0; i < y.length; i++)
      if (y[i] === 1) w[i] = (w[i] as number) * (hp.positive_example_weight_mult as number);
  }
  if (hp.predictor_type === 'multiclass_classifier' && hp.balance_multiclass_weights) {
    const counts = new Float64Array(outputs);
    for (let i = 0; i < y.length; i++) counts[y[i] as number] = (counts[y[i] as number] as number) + 1;
    w ??= new Float64Array(y.length).fill(1);
    for (let i = 0; i < y.length; i++)
      w[i] = ((w[i] as number) * y.length) / (outputs * (counts[y[i] as number] as number));
  }
  return w;
}

function lossFor(type: string) {
  return type === 'binary_classifier'
    ? logisticLoss
    : type === 'multiclass_classifier'
      ? softmaxLoss
      : squaredLoss;
}

/** Raw scores (before the link function) of K outputs for each row. */
function linearScores(coef: Float64Array, outputs: number, x: Matrix): Float64Array {
  const { rows: n, cols: d, data } = x;
  const out = new Float64Array(n * outputs);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < outputs; k++) {
      const o = k * (d + 1);
      let z = coef[o + d] as number;
      for (let j = 0; j < d; j++) z += (data[i * d + j] as number) * (coef[o + j] as number);
      out[i * outputs + k] = z;
    }
  }
  return out;
}

async function train(
  data: TrainingSet,
  hp: Hp,
  ctx: TrainContext,
  validation?: TrainingSet,
): Promise<LinearLearnerState> {
  const type = hp.predictor_type as LinearLearnerState['predictorType'];
  if (!data.y) throw invalidArgument('linear-learner needs a target column');
  const classes = data.classes?.length ?? 0;
  if (type === 'binary_classifier' && classes !== 2) {
    throw invalidArgument(
      `predictor_type binary_classifier needs exactly 2 classes in the target, found ${classes}`,
      { hyperparameter: 'predictor_type' },
    );
  }
  if (type === 'multiclass_classifier' && classes < 2) {
    throw invalidArgument(`predictor_type multiclass_classifier needs at least 2 classes, found ${classes}`, {
      hyperparameter: 'predictor_type',
    });
  }
  const outputs = type === 'multiclass_classifier' ? classes : 1;
  const d = data.x.cols;
  const norm = hp.normalize_data ? standardize(data.x) : undefined;
  const x = norm ? norm.scaled : data.x;
  let y = data.y;
  let labelMean = 0;
  let labelStd = 1;
  if (type === 'regressor' && hp.normalize_label) {
    for (let i = 0; i < y.length; i++) labelMean += y[i] as number;
    labelMean /= y.length;
    let sq = 0;
    for (let i = 0; i < y.length; i++) sq += ((y[i] as number) - labelMean) ** 2;
    labelStd = Math.sqrt(sq / y.length) || 1;
    y = y.map((v) => (v - labelMean) / labelStd);
  }
  const problem: LinearProblem = {
    x,
    y,
    weights: exampleWeights(data, hp, outputs),
    wd: hp.wd as number,
    outputs,
    useBias: hp.use_bias as boolean,
  };
  const loss = lossFor(type);
  const params = new Float64Array(outputs * (d + 1));
  const optimizer =
    hp.optimizer === 'auto' ? ((hp.l1 as number) > 0 ? 'adam' : 'lbfgs') : (hp.optimizer as string);
  let iterations = 0;
  if (optimizer === 'lbfgs') {
    if ((hp.l1 as number) > 0)
      throw invalidArgument('l1 needs optimizer sgd or adam (L-BFGS needs a smooth loss)', {
        hyperparameter: 'l1',
      });
    const result = minimizeLbfgs((p, g) => loss(problem, p, g), params, {
      maxIterations: hp.max_iterations as number,
      gradientTolerance: hp.tol as number,
      signal: ctx.signal,
      onIteration: (it, value) => {
        ctx.metric('train:objective_loss', value, it);
        return undefined;
      },
    });
    params.set(result.x);
    iterations = result.iterations;
    ctx.log(
      `L-BFGS: ${result.iterations} iterations, loss ${result.loss.toPrecision(8)}${result.converged ? '' : ' (not converged)'}`,
    );
  } else {
    iterations = await stochastic(problem, loss, params, hp, ctx, optimizer, validation, norm);
  }
  // Back to original units: w' = w/σ, b' = b - Σ w_j μ_j/σ_j; regression labels un-standardized.
  const coefficients = new Float64Array(params.length);
  for (let k = 0; k < outputs; k++) {
    const o = k * (d + 1);
    let bias = params[o + d] as number;
    for (let j = 0; j < d; j++) {
      const w = (params[o + j] as number) / (norm ? (norm.std[j] as number) : 1);
      coefficients[o + j] = w;
      if (norm) bias -= w * (norm.mean[j] as number);
    }
    coefficients[o + d] = bias;
  }
  if (type === 'regressor' && hp.normalize_label) {
    for (let j = 0; j <= d; j++) coefficients[j] = (coefficients[j] as number) * labelStd;
    coefficients[d] = (coefficients[d] as number) + labelMean;
  }
  let threshold = 0.5;
  const criterion = hp.binary_classifier_model_selection_criteria as ThresholdCriterion | 'loss_function';
  if (type === 'binary_classifier' && criterion !== 'loss_function') {
    const on = validation?.y ? validation : data;
    const p = linearScores(coefficients, 1, on.x).map(sigmoid);
    threshold = chooseThreshold(p, on.y as Float64Array, criterion, {
      targetRecall: hp.target_recall as number,
      targetPrecision: hp.target_precision as number,
      beta: hp.f_beta as number,
    });
    ctx.log(
      `decision threshold ${threshold.toPrecision(6)} (${criterion} on ${validation?.y ? 'validation' : 'training'} data)`,
    );
  }
  // For the importance |w|·σ: the statistics only (a scaled copy would cost a pass and n × d numbers).
  const featureStd = (norm ?? columnStats(data.x)).std;
  return { predictorType: type, coefficients, outputs, features: d, threshold, iterations, featureStd };
}

/** Mini-batch SGD or Adam, with proximal L1 steps and early stopping on the validation loss. */
async function stochastic(
  problem: LinearProblem,
  loss: typeof logisticLoss,
  params: Float64Array,
  hp: Hp,
  ctx: TrainContext,
  optimizer: string,
  validation: TrainingSet | undefined,
  norm: { mean: Float64Array; std: Float64Array } | undefined,
): Promise<number> {
  const random = new Random(ctx.seed);
  const n = problem.x.rows;
  const batch = Math.min(n, hp.mini_batch_size as number);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const grad = new Float64Array(params.length);
  const m = new Float64Array(params.length);
  const v = new Float64Array(params.length);
  const lr = hp.learning_rate as number;
  const l1 = hp.l1 as number;
  const d = problem.x.cols;
  let step = 0;
  let best = Number.POSITIVE_INFINITY;
  let bestParams = Float64Array.from(params);
  let stale = 0;
  const validationProblem = validation?.y
    ? { ...problem, x: norm ? scale(validation.x, norm) : validation.x, y: validation.y, weights: undefined }
    : undefined;
  const epochs = hp.epochs as number;
  let first = 1;
  const resume = ctx.resume as
    | {
        epoch: number;
        params: Float64Array;
        best: number;
        bestParams: Float64Array;
        stale: number;
        m: Float64Array;
        v: Float64Array;
        step: number;
      }
    | undefined;
  if (resume?.params?.length === params.length) {
    params.set(resume.params);
    bestParams = Float64Array.from(resume.bestParams);
    m.set(resume.m);
    v.set(resume.v);
    ({ best, stale, step } = resume);
    first = resume.epoch + 1;
    ctx.log(`resuming at epoch ${first}`);
  }
  // The same shuffles as an uninterrupted run: replay the generator for the epochs already done.
  for (let e = 1; e < first; e++) random.shuffle(order);
  for (let epoch = first; epoch <= epochs; epoch++) {
    ctx.signal.throwIfAborted();
    random.shuffle(order);
    for (let start = 0; start < n; start += batch) {
      const idx = order.subarray(start, Math.min(n, start + batch));
      const sub: LinearProblem = {
        ...problem,
        x: takeRows(problem.x, idx),
        y: Float64Array.from(idx, (i) => problem.y[i] as number),
        weights: problem.weights
          ? Float64Array.from(idx, (i) => (problem.weights as Float64Array)[i] as number)
          : undefined,
      };
      loss(sub, params, grad);
      step++;
      for (let j = 0; j < params.length; j++) {
        let g = grad[j] as number;
        const w = params[j] as number;
        const penalized = l1 > 0 && j % (d + 1) !== d;
        if (penalized && optimizer === 'adam') {
          // Adam rescales every step, so a proximal shrink of lr·l1 would be lost in it: the L1
          // subgradient goes into the step instead, and a weight that would cross zero stops at it.
          if (w === 0) {
            if (Math.abs(g) <= l1) continue;
            g -= l1 * Math.sign(g);
          } else g += l1 * Math.sign(w);
        }
        if (optimizer === 'adam') {
          m[j] = 0.9 * (m[j] as number) + 0.1 * g;
          v[j] = 0.999 * (v[j] as number) + 0.001 * g * g;
          g =
            (m[j] as number) / (1 - 0.9 ** step) / (Math.sqrt((v[j] as number) / (1 - 0.999 ** step)) + 1e-8);
        }
        let next = w - lr * g;
        if (penalized) {
          if (optimizer === 'adam') {
            if (w !== 0 && Math.sign(next) !== Math.sign(w)) next = 0;
          } else next = Math.sign(next) * Math.max(0, Math.abs(next) - lr * l1);
        }
        params[j] = next;
      }
    }
    const trainLoss = loss(problem, params, grad);
    ctx.metric('train:objective_loss', trainLoss, epoch);
    const watched = validationProblem ? loss(validationProblem, params, grad) : trainLoss;
    if (validationProblem) ctx.metric('validation:objective_loss', watched, epoch);
    if (watched < best * (1 - (hp.early_stopping_tolerance as number))) {
      best = watched;
      bestParams = Float64Array.from(params);
      stale = 0;
    } else if (++stale >= (hp.early_stopping_patience as number)) {
      ctx.log(`early stopping after epoch ${epoch}: no improvement for ${stale} epochs`);
      params.set(bestParams);
      return epoch;
    }
    await ctx.checkpoint?.({ epoch, params, best, bestParams, stale, m, v, step });
  }
  return epochs;
}

function scale(x: Matrix, norm: { mean: Float64Array; std: Float64Array }): Matrix {
  const out = new Float64Array(x.data.length);
  for (let i = 0; i < x.rows; i++) {
    for (let j = 0; j < x.cols; j++)
      out[i * x.cols + j] =
        ((x.data[i * x.cols + j] as number) - (norm.mean[j] as number)) / (norm.std[j] as number);
  }
  return matrix(x.rows, x.cols, out);
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

function predict(state: LinearLearnerState, x: Matrix): Predictions {
  if (x.cols !== state.features)
    throw invalidArgument(`the model takes ${state.features} features, got ${x.cols}`);
  const raw = linearScores(state.coefficients, state.outputs, x);
  const n = x.rows;
  if (state.predictorType === 'regressor') return { values: raw };
  if (state.predictorType === 'binary_classifier') {
    const scores = new Float64Array(n * 2);
    const labels = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const p = sigmoid(raw[i] as number);
      scores[2 * i] = 1 - p;
      scores[2 * i + 1] = p;
      labels[i] = p >= state.threshold ? 1 : 0;
    }
    return { labels, scores: matrix(n, 2, scores) };
  }
  const K = state.outputs;
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let max = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < K; k++) max = Math.max(max, raw[i * K + k] as number);
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const e = Math.exp((raw[i * K + k] as number) - max);
      raw[i * K + k] = e;
      sum += e;
    }
    let best = 0;
    for (let k = 0; k < K; k++) {
      raw[i * K + k] = (raw[i * K + k] as number) / sum;
      if ((raw[i * K + k] as number) > (raw[i * K + best] as number)) best = k;
    }
    labels[i] = best;
  }
  return { labels, scores: matrix(n, K, raw) };
}

/** SageMaker's linear learner: logistic, softmax or least-squares regression. */
export const linearLearner: Algorithm<Hp, LinearLearnerState> = {
  name: 'linear-learner',
  kinds: ['classifier', 'regressor'],
  description:
    'Linear models: binary and multiclass logistic regression, linear regression (L-BFGS, SGD, Adam)',
  hyperparameters: HYPERPARAMETERS,
  kindOf,
  train,
  predict,
  importance(state) {
    if (!state.featureStd) return undefined;
    const d = state.features;
    const values = new Float64Array(d);
    for (let k = 0; k < state.outputs; k++)
      for (let j = 0; j < d; j++)
        values[j] = values[j]! + Math.abs(state.coefficients[k * (d + 1) + j]!) * state.featureStd[j]!;
    return { type: 'coefficient', values };
  },
};
