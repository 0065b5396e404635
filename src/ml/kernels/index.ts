export { crossDots, type ResidentProduct, withResidentProduct } from './cross-dots.js';
export { createYieldPoint } from './yield-point.js';
