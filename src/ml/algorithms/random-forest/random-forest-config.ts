import { invalidArgument } from '../../../core/index.js';
import type {
  AlgorithmKind,
  HyperparameterSpec,
  HyperparameterValues,
  TrainingSet,
} from '../../algorithm.js';

/**
 * There is no SageMaker built-in random forest; the names and defaults are scikit-learn 1.2's
 * RandomForestClassifier/Regressor, with `num_trees` as in SageMaker's randomcutforest.
 */
export const RANDOM_FOREST_HYPERPARAMETERS = {
  predictor_type: {
    type: 'enum',
    default: 'classifier',
    values: ['classifier', 'regressor'],
    description: 'classifier (binary or multiclass, class probabilities) or regressor',
  },
  num_trees: { type: 'int', default: 100, min: 1, max: 10000, description: 'Trees in the forest' },
  max_depth: {
    type: 'int',
    default: 0,
    min: 0,
    max: 1000,
    description: 'Maximum depth of a tree (0: grow until leaves are pure or too small to split)',
  },
  min_samples_split: {
    type: 'int',
    default: 2,
    min: 2,
    description: 'A node with fewer distinct training rows is a leaf',
  },
  min_samples_leaf: {
    type: 'int',
    default: 1,
    min: 1,
    description: 'Each side of a split keeps at least this many distinct training rows',
  },
  max_features: {
    type: 'enum',
    default: 'auto',
    values: ['auto', 'sqrt', 'log2', 'all'],
    description: 'Features tried per split: auto is sqrt for classifiers and all for regressors',
  },
  max_features_fraction: {
    type: 'float',
    default: 0,
    min: 0,
    max: 1,
    description: 'When above 0, the fraction of features tried per split (overrides max_features)',
  },
  criterion: {
    type: 'enum',
    default: 'gini',
    values: ['gini', 'entropy'],
    description: 'Classifier split quality (regressors use squared error)',
  },
  bootstrap: {
    type: 'bool',
    default: true,
    description: 'Grow each tree on a bootstrap sample of the rows (false: on all rows)',
  },
  max_samples: {
    type: 'float',
    default: 1,
    min: 0,
    max: 1,
    exclusiveMin: true,
    description: 'Bootstrap sample size as a fraction of the rows',
  },
  class_weight: {
    type: 'enum',
    default: 'none',
    values: ['none', 'balanced'],
    description: 'balanced weighs each class by n_rows / (n_classes · class rows)',
  },
  oob_score: {
    type: 'bool',
    default: false,
    description: 'Score each tree on the rows its bootstrap left out (oob: metrics, logged as trees grow)',
  },
  max_bin: {
    type: 'int',
    default: 256,
    min: 2,
    max: 256,
    description: 'Quantile bins per feature: split thresholds are chosen among their boundaries',
  },
} satisfies Record<string, HyperparameterSpec>;

/** What a tree builder needs to know (plain numbers: it is posted to worker threads). */
export interface ForestParams {
  readonly classes: number;
  readonly criterion: 'gini' | 'entropy' | 'squared_error';
  readonly maxDepth: number;
  readonly minSamplesSplit: number;
  readonly minSamplesLeaf: number;
  readonly maxFeatures: number;
  readonly bootstrap: boolean;
  readonly samples: number;
}

export const forestKind = (hp: HyperparameterValues): AlgorithmKind =>
  hp.predictor_type === 'regressor' ? 'regressor' : 'classifier';

export function resolveParams(hp: HyperparameterValues, data: TrainingSet): ForestParams {
  const n = data.x.rows;
  const d = data.x.cols;
  if (n === 0) throw invalidArgument('random-forest: the training set has no rows');
  if (d === 0) throw invalidArgument('random-forest: the training set has no features');
  if (!data.y) throw invalidArgument('random-forest needs a target column');
  const regressor = forestKind(hp) === 'regressor';
  const classes = regressor ? 1 : (data.classes?.length ?? 0);
  if (!regressor && classes < 2)
    throw invalidArgument(
      `random-forest: a classifier needs at least two classes in the target, got ${classes}`,
      {
        hyperparameter: 'predictor_type',
      },
    );
  const fraction = Number(hp.max_features_fraction);
  const mode = hp.max_features === 'auto' ? (regressor ? 'all' : 'sqrt') : hp.max_features;
  const byMode = mode === 'sqrt' ? Math.sqrt(d) : mode === 'log2' ? Math.log2(d) : d;
  const maxFeatures = Math.min(d, Math.max(1, Math.floor(fraction > 0 ? fraction * d : byMode)));
  return {
    classes,
    criterion: regressor ? 'squared_error' : hp.criterion === 'entropy' ? 'entropy' : 'gini',
    maxDepth: Number(hp.max_depth) || Number.MAX_SAFE_INTEGER,
    minSamplesSplit: Number(hp.min_samples_split),
    minSamplesLeaf: Number(hp.min_samples_leaf),
    maxFeatures,
    bootstrap: Boolean(hp.bootstrap),
    samples: Math.max(1, Math.round(Number(hp.max_samples) * n)),
  };
}

/** Per-row weights: the user's weights times the class weight (balanced: n / (classes · count)). */
export function rowWeights(data: TrainingSet, hp: HyperparameterValues, classes: number): Float64Array {
  const n = data.x.rows;
  const y = data.y!;
  const w = data.weights ? Float64Array.from(data.weights) : new Float64Array(n).fill(1);
  if (hp.class_weight === 'balanced' && classes > 1) {
    const count = new Float64Array(classes);
    for (let i = 0; i < n; i++) count[y[i]!] = count[y[i]!]! + 1;
    for (let i = 0; i < n; i++) w[i] = w[i]! * (n / (classes * count[y[i]!]!));
  }
  return w;
}
