export { searchKeys, useSearch as useResourceSearch } from './hooks.js';
export { type SearchHit, searchResources } from './search-api.js';
