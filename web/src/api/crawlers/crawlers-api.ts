import type {
  CrawlBody,
  Crawler,
  CrawlerRun,
  CrawlProblem,
  CrawlSummary,
  JobBody,
} from '../../../../src/contract/index.js';
import { kelp } from '../client.js';

export type { CrawlBody, CrawlerRun, CrawlProblem, CrawlSummary };

/** A crawler as the console shows it: the server's `lastRun` is a run (typed loosely on the wire). */
export type CrawlerView = Omit<Crawler, 'lastRun'> & { readonly lastRun: CrawlerRun | null };

/** Run states in which a crawl is still going. */
export const ACTIVE_RUN_STATES = new Set(['Pending', 'Running']);

const view = (c: Crawler): CrawlerView => ({ ...c, lastRun: (c.lastRun as CrawlerRun | null) ?? null });

export const crawlersApi = {
  list: async (): Promise<CrawlerView[]> => (await kelp.crawlers.list()).map(view),
  get: async (name: string): Promise<CrawlerView> => view(await kelp.crawlers.get(name)),
  runs: (name: string): Promise<CrawlerRun[]> => kelp.crawlers.runs(name),
  /** Creates (or updates) a crawler and starts its first run. */
  create: async (body: CrawlBody): Promise<{ crawler: CrawlerView; job?: JobBody }> => {
    const out = await kelp.crawlers.upsert(body);
    return { crawler: view(out.crawler), ...(out.job ? { job: out.job } : {}) };
  },
  start: (name: string): Promise<JobBody> => kelp.crawlers.start(name),
  remove: (name: string): Promise<void> => kelp.crawlers.delete(name),
};
