/** Request and response schemas shared by the HTTP API, the client SDK and the console. */
export * from './auth.js';
export * from './catalog.js';
export * from './common.js';
export * from './endpoints.js';
export * from './jobs.js';
export * from './models.js';
export { compareKeys, MAX_KEY_BYTES, RESERVED_PREFIX, validateKey, validatePrefix } from './object-key.js';
export * from './objects.js';
