export { objectKeys, useDeleteObject, useObjectInfo, useObjectList, useUploadObject } from './hooks.js';
export { type ObjectInfo, type ObjectPage, objectsApi } from './objects-api.js';
