export { crossDots } from './cross-dots.js';
export { startModuleWorker } from './module-worker.js';
export { createYieldPoint } from './yield-point.js';
