export { crossDots } from './cross-dots.js';
export { createYieldPoint } from './yield-point.js';
