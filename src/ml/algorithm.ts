import { type Features, type Matrix, toDense } from './matrix.js';

/**
 * The contract every built-in algorithm implements, so training jobs, prediction, the console's
 * forms and (later) ONNX export treat them alike. Kernels work on dense float64 matrices; the
 * preprocessing that turns a table into one (encoding, imputation, scaling) happens before and is
 * stored with the model (src/ml/preprocess), so algorithms never see strings or nulls.
 */
export type AlgorithmKind = 'classifier' | 'regressor' | 'clusterer' | 'transformer' | 'anomaly';

/** One hyperparameter, with SageMaker's name where one exists, its type and documented range. */
export type HyperparameterSpec =
  | {
      readonly type: 'int';
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly description: string;
    }
  | {
      readonly type: 'float';
      readonly default: number;
      readonly min?: number;
      readonly max?: number;
      readonly exclusiveMin?: boolean;
      readonly description: string;
    }
  | {
      readonly type: 'enum';
      readonly default: string;
      readonly values: readonly string[];
      readonly description: string;
    }
  | { readonly type: 'bool'; readonly default: boolean; readonly description: string };

export type HyperparameterValues = Record<string, number | string | boolean>;

/** Training data; `X` is `Features` (dense or sparse) for algorithms that take sparse input. */
export interface TrainingSet<X extends Features = Matrix> {
  /** Features, one row per example. */
  readonly x: X;
  /** Regression target, or class index (0..classes.length-1) for classifiers; absent for unsupervised. */
  readonly y?: Float64Array;
  /** Class labels for classifiers, in index order. */
  readonly classes?: readonly string[];
  readonly featureNames: readonly string[];
  /** Per-example weights (default 1). */
  readonly weights?: Float64Array;
}

export interface TrainContext {
  readonly signal: AbortSignal;
  readonly seed: number;
  /** Worker threads the algorithm may use (1 = this thread only). */
  readonly threads: number;
  log(message: string): void;
  /** Per-iteration metrics, e.g. ('train:logloss', 0.31, 12); shown as curves on the job page. */
  metric(name: string, value: number, step: number): void;
  /**
   * Offers a snapshot from which training can continue. Offer one whenever the state is consistent
   * (every round, epoch or tree): the job writes the first at once and then at most one every
   * 30 seconds (src/training), so offering is cheap. When a job is restarted after its process died,
   * `train` gets the last written snapshot back as `resume`.
   */
  checkpoint?(snapshot: unknown): Promise<void>;
  readonly resume?: unknown;
}

export interface Predictions {
  /** Classifiers: predicted class index per row. Clusterers: cluster index. */
  readonly labels?: Int32Array;
  /** Classifiers: rows x classes probabilities. Transformers: rows x components. */
  readonly scores?: Matrix;
  /** Regressors: predicted value. Anomaly detectors: anomaly score. */
  readonly values?: Float64Array;
}

/**
 * `State` is the trained model: plain JSON values and typed arrays only, so it can be saved,
 * loaded and checkpointed as is (src/ml/model-io).
 */
export interface Algorithm<
  Hp extends HyperparameterValues = HyperparameterValues,
  State = unknown,
  X extends Features = Matrix,
> {
  readonly name: string;
  readonly kinds: readonly AlgorithmKind[];
  readonly description: string;
  readonly hyperparameters: Readonly<Record<string, HyperparameterSpec>>;
  /** Which kind a configuration trains (e.g. linear-learner's predictor_type). */
  kindOf(hp: Hp): AlgorithmKind;
  train(data: TrainingSet<X>, hp: Hp, ctx: TrainContext, validation?: TrainingSet<X>): Promise<State>;
  predict(state: State, x: X): Predictions;
  /** Per-feature importance (in feature order), for algorithms that have a measure of it. */
  importance?(state: State): FeatureImportanceValues | undefined;
}

export interface FeatureImportanceValues {
  /** What the numbers measure, e.g. 'gain' or 'impurity'. */
  readonly type: string;
  readonly values: Float64Array;
}

/**
 * A dense-input algorithm as the registry serves it: sparse features (e.g. from RecordIO sparse
 * tensors) are expanded first, so every algorithm takes every kind of input.
 */
export function acceptingSparse<Hp extends HyperparameterValues, State>(
  a: Algorithm<Hp, State, Matrix>,
): Algorithm<Hp, State, Features> {
  const dense = <T extends { x: Features }>(d: T) => ({ ...d, x: toDense(d.x, a.name) });
  return {
    ...a,
    train: (data, hp, ctx, validation) => a.train(dense(data), hp, ctx, validation && dense(validation)),
    predict: (state, x) => a.predict(state, toDense(x, a.name)),
  };
}
