export type { CsvPreview } from './csv-preview.js';
export {
  objectKeys,
  useCsvPreview,
  useDeleteObject,
  useObjectInfo,
  useObjectList,
  useUploadObject,
} from './hooks.js';
export { type ObjectInfo, type ObjectPage, objectsApi } from './objects-api.js';
