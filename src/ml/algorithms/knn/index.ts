export { type KnnState, knn, neighbors } from './knn.js';
export { bruteForce, buildKdTree, kdTreeSearch, type Neighbors } from './neighbors.js';
