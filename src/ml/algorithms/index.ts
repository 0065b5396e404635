import { notFound } from '../../core/index.js';
import { type Algorithm, acceptingSparse } from '../algorithm.js';
import type { Features } from '../matrix.js';
import { factorizationMachines } from './factorization-machines/index.js';
import { kmeans } from './kmeans/index.js';
import { knn } from './knn/index.js';
import { linearLearner } from './linear-learner/index.js';
import { pca } from './pca/index.js';
import { randomForest } from './random-forest/index.js';
import { randomCutForest } from './randomcutforest/index.js';
import { xgboost } from './xgboost/index.js';

export { type ForestBoxes, forestBoxes } from './randomcutforest/index.js';

// biome-ignore lint/suspicious/noExplicitAny: each algorithm has its own state type.
type AnyDenseAlgorithm = Algorithm<any, any>;
const DENSE: AnyDenseAlgorithm[] = [linearLearner, xgboost, randomForest, knn, kmeans, pca, randomCutForest];

/** The built-in algorithms by SageMaker name. */
// biome-ignore lint/suspicious/noExplicitAny: see above.
export const ALGORITHMS: ReadonlyMap<string, Algorithm<any, any, Features>> = new Map(
  // factorization-machines works on sparse rows itself; the others get them expanded.
  [...DENSE.map(acceptingSparse), factorizationMachines].map((a) => [a.name, a]),
);

// biome-ignore lint/suspicious/noExplicitAny: see above.
export function getAlgorithm(name: string): Algorithm<any, any, Features> {
  const algorithm = ALGORITHMS.get(name);
  if (!algorithm)
    throw notFound(`no algorithm '${name}' (built in: ${[...ALGORITHMS.keys()].join(', ')})`, {
      algorithm: name,
    });
  return algorithm;
}
