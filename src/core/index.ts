export { type ConfigOverrides, isLoopback, type KelpConfig, loadConfig } from './config.js';
export {
  alreadyExists,
  codeForHttpStatus,
  ERROR_CODES,
  type ErrorCode,
  type ErrorDetails,
  invalidArgument,
  invalidState,
  isPlatformError,
  notFound,
  PlatformError,
} from './errors.js';
export { TypedEvents } from './events.js';
export { formatBytes } from './format.js';
export {
  DEFAULT_PROJECT,
  generatedName,
  NAME_PATTERN,
  newId,
  randomSuffix,
  resourceName,
  validateName,
  validateProject,
} from './ids.js';
export { createLogger, type Logger, REDACTED_PATHS, silentLogger } from './logger.js';
export { startModuleWorker } from './module-worker.js';
export { isAlive } from './process.js';
