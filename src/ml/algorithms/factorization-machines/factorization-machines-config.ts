import type { HyperparameterSpec, HyperparameterValues } from '../../algorithm.js';
import type { OptimizerSettings } from './fm-optimizer.js';

const INIT_METHODS = ['normal', 'uniform', 'constant'] as const;
export type InitMethod = (typeof INIT_METHODS)[number];

/** The three hyperparameters of one initialization (bias, linear or factors). */
function initSpecs(term: string, sigma: number) {
  return {
    [`${term}_init_method`]: {
      type: 'enum',
      default: 'normal',
      values: INIT_METHODS,
      description: `How the ${term} term starts: normal(0, ${term}_init_sigma), uniform(±${term}_init_scale) or ${term}_init_value`,
    },
    [`${term}_init_sigma`]: {
      type: 'float',
      default: sigma,
      min: 0,
      description: `Standard deviation of the normal initialization of the ${term} term`,
    },
    // SageMaker documents no default for scale and value; these are the neutral choices.
    [`${term}_init_scale`]: {
      type: 'float',
      default: 0.01,
      min: 0,
      description: `Half-width of the uniform initialization of the ${term} term (SageMaker has no default)`,
    },
    [`${term}_init_value`]: {
      type: 'float',
      default: 0,
      description: `Value of the constant initialization of the ${term} term (SageMaker has no default)`,
    },
  } as Record<string, HyperparameterSpec>;
}

function rateSpecs(term: string, lr: number, wd: number) {
  return {
    [`${term}_lr`]: {
      type: 'float',
      default: lr,
      min: 0,
      description: `Learning rate of the ${term} term (SageMaker suggests 1e-8..512)`,
    },
    [`${term}_wd`]: {
      type: 'float',
      default: wd,
      min: 0,
      description: `Weight decay (L2) of the ${term} term, applied to the weights a mini-batch touches`,
    },
  } as Record<string, HyperparameterSpec>;
}

/**
 * SageMaker's names, defaults and documented ranges (Factorization Machines Hyperparameters page).
 * `feature_dim` is not one: it is the column count of the data. `optimizer` is Kelp's: SageMaker's
 * docs name no optimizer, but its `eps` ("to avoid division by 0") belongs to an adaptive one, and
 * SageMaker's training jobs reportedly log `_optimizer: adam` among their defaults, so adam is the default.
 */
export const FM_HYPERPARAMETERS: Readonly<Record<string, HyperparameterSpec>> = {
  predictor_type: {
    type: 'enum',
    default: 'binary_classifier',
    values: ['binary_classifier', 'regressor'],
    description: 'binary_classifier (logistic loss, labels 0/1) or regressor (squared loss)',
  },
  num_factors: {
    type: 'int',
    default: 64,
    min: 1,
    description: 'Dimension of the factor (embedding) vectors; SageMaker suggests 2..1000, 64 to start',
  },
  epochs: { type: 'int', default: 1, min: 1, description: 'Passes over the training data' },
  mini_batch_size: {
    type: 'int',
    default: 1000,
    min: 1,
    description: 'Examples per optimizer step',
  },
  optimizer: {
    type: 'enum',
    default: 'adam',
    values: ['adam', 'sgd'],
    description: 'adam (lazy: moments of untouched rows stay as they are) or plain sgd',
  },
  clip_gradient: {
    type: 'float',
    default: 0,
    min: 0,
    description: 'Clip each gradient component to ±clip_gradient (0: no clipping)',
  },
  eps: {
    type: 'float',
    default: 1e-8,
    min: 0,
    exclusiveMin: true,
    description: "Adam's epsilon, which keeps the step finite when the second moment is 0",
  },
  rescale_grad: {
    type: 'float',
    default: 0,
    min: 0,
    description: 'Multiplies the summed mini-batch gradient (0: 1/examples in the batch, the mean)',
  },
  ...rateSpecs('bias', 0.1, 0.01),
  ...rateSpecs('linear', 0.001, 0.001),
  ...rateSpecs('factors', 0.0001, 0.00001),
  ...initSpecs('bias', 0.01),
  ...initSpecs('linear', 0.01),
  ...initSpecs('factors', 0.001),
};

export interface InitSettings {
  readonly method: InitMethod;
  readonly sigma: number;
  readonly scale: number;
  readonly value: number;
}

/** Hyperparameters as the trainer uses them. */
export interface FmConfig {
  readonly predictorType: 'binary_classifier' | 'regressor';
  readonly numFactors: number;
  readonly epochs: number;
  readonly miniBatchSize: number;
  /** 0: 1/batch size. */
  readonly rescaleGrad: number;
  readonly bias: OptimizerSettings;
  readonly linear: OptimizerSettings;
  readonly factors: OptimizerSettings;
  readonly init: {
    readonly bias: InitSettings;
    readonly linear: InitSettings;
    readonly factors: InitSettings;
  };
}

export function resolveConfig(hp: HyperparameterValues): FmConfig {
  const num = (name: string) => Number(hp[name] ?? (FM_HYPERPARAMETERS[name]?.default as number));
  const str = (name: string) => String(hp[name] ?? FM_HYPERPARAMETERS[name]?.default);
  const optimizer = (term: string): OptimizerSettings => ({
    kind: str('optimizer') === 'sgd' ? 'sgd' : 'adam',
    lr: num(`${term}_lr`),
    wd: num(`${term}_wd`),
    clip: num('clip_gradient'),
    eps: num('eps'),
  });
  const init = (term: string): InitSettings => ({
    method: str(`${term}_init_method`) as InitMethod,
    sigma: num(`${term}_init_sigma`),
    scale: num(`${term}_init_scale`),
    value: num(`${term}_init_value`),
  });
  return {
    predictorType: str('predictor_type') === 'regressor' ? 'regressor' : 'binary_classifier',
    numFactors: num('num_factors'),
    epochs: num('epochs'),
    miniBatchSize: num('mini_batch_size'),
    rescaleGrad: num('rescale_grad'),
    bias: optimizer('bias'),
    linear: optimizer('linear'),
    factors: optimizer('factors'),
    init: { bias: init('bias'), linear: init('linear'), factors: init('factors') },
  };
}
