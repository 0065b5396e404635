export { crossDots, nearestRowsWasm } from './cross-dots.js';
export { createYieldPoint } from './yield-point.js';
