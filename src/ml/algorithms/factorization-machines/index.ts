export { type FmState, factorizationMachines, fmMargins } from './factorization-machines.js';
export { FM_HYPERPARAMETERS } from './factorization-machines-config.js';
