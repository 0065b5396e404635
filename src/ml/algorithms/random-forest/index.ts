export type { ForestTrees } from './forest.js';
export { type RandomForestState, randomForest } from './random-forest.js';
export { RANDOM_FOREST_HYPERPARAMETERS } from './random-forest-config.js';
