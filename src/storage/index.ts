export * from './meta/index.js';
export * from './objects/index.js';
