export {
  ACTIVE_RUN_STATES,
  type CrawlBody,
  type CrawlerRun,
  type CrawlerView,
  type CrawlProblem,
  type CrawlSummary,
  crawlersApi,
} from './crawlers-api.js';
export {
  crawlerKeys,
  useCrawler,
  useCrawlerRuns,
  useCrawlers,
  useCreateCrawler,
  useDeleteCrawler,
  useStartCrawler,
} from './hooks.js';
