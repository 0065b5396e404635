export {
  type KMeansHyperparameters,
  type KMeansState,
  kmeans,
  predictNearest,
} from './kmeans-algorithm.js';
export { type KMeansOptions, type KMeansResult, type KMeansVariant, kmeansFit } from './kmeans-fit.js';
export type { InitMethod } from './kmeans-init.js';
