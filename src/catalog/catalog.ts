import { join } from 'node:path';

import type { SecretStore } from '../auth/index.js';
import type { Logger } from '../core/index.js';
import type { JobKindRegistry, JobService } from '../jobs/index.js';
import type { MetaStore, ObjectStore } from '../storage/index.js';
import { CatalogStore } from './catalog-store.js';
import { ConnectionService } from './connections.js';
import { CrawlerService } from './crawler/crawler-service.js';
import { QueryService } from './query/query-service.js';

/** The data lake's services: the catalog, crawlers, queries and connections. */
export interface Catalog {
  readonly store: CatalogStore;
  readonly crawlers: CrawlerService;
  readonly queries: QueryService;
  readonly connections: ConnectionService;
  close(): Promise<void>;
}

export interface CatalogDeps {
  readonly meta: MetaStore;
  readonly objects: ObjectStore;
  readonly secrets: SecretStore;
  readonly logger: Logger;
  /** Kelp's home folder: scratch space for queries and the cache of objects read by DuckDB. */
  readonly home: string;
  /** The job service, once it exists (kinds are registered before it is built). */
  readonly jobs: () => JobService;
}

/** Builds the catalog services and registers their job kinds (crawl, query). */
export function createCatalog(deps: CatalogDeps, kinds: JobKindRegistry): Catalog {
  const store = new CatalogStore(deps.meta);
  const connections = new ConnectionService(deps.meta, deps.secrets);
  const cacheDir = join(deps.home, 'cache', 'objects');
  const crawlers = new CrawlerService(deps.meta, deps.jobs, deps.logger);
  const queries = new QueryService({
    meta: deps.meta,
    objects: deps.objects,
    store,
    connections,
    jobs: deps.jobs,
    workDir: join(deps.home, 'work', 'queries'),
    cacheDir,
  });
  kinds.register(crawlers.jobKind({ store, objects: deps.objects, connections, cacheDir }));
  kinds.register(queries.jobKind());
  return {
    store,
    crawlers,
    queries,
    connections,
    async close() {
      crawlers.stopSchedules();
      await queries.close();
    },
  };
}
