export { type Catalog, type CatalogDeps, createCatalog } from './catalog.js';
export { CatalogStore, catalogName, closeNames, type StoredTable } from './catalog-store.js';
export { ConnectionService } from './connections.js';
export { CRAWL_KIND, CrawlerService } from './crawler/crawler-service.js';
export {
  formatLocation,
  isMarkerPath,
  type LakeFile,
  type Location,
  listFiles,
  localCopy,
  parseLocation,
} from './locations.js';
export { QUERY_KIND, QueryService } from './query/query-service.js';
