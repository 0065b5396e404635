import { invalidArgument } from '../../../core/index.js';
import type {
  Algorithm,
  HyperparameterValues,
  Predictions,
  TrainContext,
  TrainingSet,
} from '../../algorithm.js';
import { type Matrix, matrix, takeRows } from '../../matrix.js';
import { Random } from '../../random.js';
import { bruteForce, buildKdTree, type KdTree, kdTreeSearch, type Neighbors } from './neighbors.js';

export interface KnnState {
  readonly predictorType: 'classifier' | 'regressor';
  readonly k: number;
  readonly train: Matrix;
  readonly y: Float64Array;
  readonly classes: number;
  readonly index: 'brute' | 'kdtree';
  readonly tree?: KdTree;
}

const HYPERPARAMETERS = {
  k: {
    type: 'int',
    default: 5,
    min: 1,
    max: 1024,
    description: 'Neighbours that vote (classifier) or are averaged (regressor)',
  },
  predictor_type: {
    type: 'enum',
    default: 'classifier',
    values: ['classifier', 'regressor'],
    description: 'Vote on a class, or average a value',
  },
  sample_size: {
    type: 'int',
    default: 0,
    min: 0,
    description: 'Keep this many training rows, sampled (0 = all)',
  },
  index_type: {
    type: 'enum',
    default: 'auto',
    values: ['auto', 'brute', 'kdtree'],
    description: 'Search: blocked brute force, or a k-d tree (auto picks the tree up to 12 features)',
  },
} as const;

type Hp = HyperparameterValues;

async function train(data: TrainingSet, hp: Hp, ctx: TrainContext): Promise<KnnState> {
  if (!data.y) throw invalidArgument('knn needs a target column');
  const type = hp.predictor_type as 'classifier' | 'regressor';
  if (type === 'classifier' && !data.classes)
    throw invalidArgument('predictor_type classifier needs a class target');
  let x = data.x;
  let y = data.y;
  const sample = hp.sample_size as number;
  if (sample > 0 && sample < x.rows) {
    const rows = new Random(ctx.seed).sample(x.rows, sample).sort();
    x = takeRows(x, rows);
    y = Float64Array.from(rows, (i) => (data.y as Float64Array)[i] as number);
  }
  const index =
    hp.index_type === 'auto' ? (x.cols <= 12 ? 'kdtree' : 'brute') : (hp.index_type as 'brute' | 'kdtree');
  ctx.log(`knn: ${x.rows} rows indexed (${index})`);
  return {
    predictorType: type,
    k: hp.k as number,
    train: x,
    y,
    classes: data.classes?.length ?? 0,
    index,
    ...(index === 'kdtree' ? { tree: buildKdTree(x) } : {}),
  };
}

export function neighbors(state: KnnState, x: Matrix, signal?: AbortSignal): Neighbors {
  if (x.cols !== state.train.cols)
    throw invalidArgument(`the model takes ${state.train.cols} features, got ${x.cols}`);
  return state.tree
    ? kdTreeSearch(state.tree, state.train, x, state.k, signal)
    : bruteForce(state.train, x, state.k, signal);
}

function predict(state: KnnState, x: Matrix): Predictions {
  const nb = neighbors(state, x);
  const n = x.rows;
  const k = nb.k;
  if (state.predictorType === 'regressor') {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < k; j++) s += state.y[nb.indices[i * k + j] as number] as number;
      values[i] = s / k;
    }
    return { values };
  }
  const c = state.classes;
  const scores = new Float64Array(n * c);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const cls = state.y[nb.indices[i * k + j] as number] as number;
      scores[i * c + cls] = (scores[i * c + cls] as number) + 1 / k;
    }
    // The most votes; a tie goes to the lowest class index (scikit-learn's mode does the same).
    let best = 0;
    for (let cls = 1; cls < c; cls++)
      if ((scores[i * c + cls] as number) > (scores[i * c + best] as number)) best = cls;
    labels[i] = best;
  }
  return { labels, scores: matrix(n, c, scores) };
}

/** SageMaker's k-nearest-neighbours: classifier (vote) or regressor (mean). */
export const knn: Algorithm<Hp, KnnState> = {
  name: 'knn',
  kinds: ['classifier', 'regressor'],
  description: 'k-nearest neighbours: blocked brute force or a k-d tree for low dimensions',
  hyperparameters: HYPERPARAMETERS,
  kindOf: (hp) => (hp.predictor_type === 'regressor' ? 'regressor' : 'classifier'),
  train,
  predict,
};
