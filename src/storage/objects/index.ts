export {
  compareKeys,
  MAX_KEY_BYTES,
  RESERVED_PREFIX,
  validateKey,
  validatePrefix,
} from '../../contract/index.js';
export {
  DEFAULT_CONTENT_TYPE,
  type GetOptions,
  type ListOptions,
  type ListPage,
  MAX_LIST_LIMIT,
  type MultipartPart,
  type MultipartUploads,
  type ObjectInfo,
  type ObjectStore,
  type PutOptions,
  type StoreCapabilities,
} from './object-store.js';
export {
  type ObjectStoreFactory,
  objectStoreSchemes,
  openObjectStore,
  registerObjectStore,
} from './registry.js';
