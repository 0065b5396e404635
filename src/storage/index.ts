export * from './objects/index.js';
