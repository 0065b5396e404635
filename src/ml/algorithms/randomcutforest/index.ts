export type { ForestArrays } from './forest-build.js';
export { type ForestBoxes, forestBoxes } from './forest-score.js';
export {
  type RcfHyperparameters,
  type RcfState,
  randomCutForest,
  scoreForest,
} from './randomcutforest-algorithm.js';
