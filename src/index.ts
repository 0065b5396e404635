/**
 * Kelp's public entry for Node code and notebooks: `import { KelpClient } from 'kelp'`.
 * The server side (stores, jobs, API) is exported too for embedding Kelp in another process.
 */

export { buildServer } from './api/index.js';
export { type Kelp, type OpenKelpOptions, openKelp } from './app/index.js';
export * from './client/index.js';
export type * from './contract/index.js';
export { type KelpConfig, loadConfig, PlatformError } from './core/index.js';
