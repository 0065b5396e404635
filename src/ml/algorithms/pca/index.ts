export { type PcaHyperparameters, type PcaState, pca, project } from './pca-algorithm.js';
export { type PcaMode, type PcaOptions, type PcaResult, pcaFit } from './pca-fit.js';
export { symmetricEigen } from './symmetric-eigen.js';
