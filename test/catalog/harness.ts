import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

import { type Kelp, openKelp } from '../../src/app/index.js';
import type { CrawlBody, CrawlSummary, Query } from '../../src/contract/index.js';
import { type ConfigOverrides, loadConfig } from '../../src/core/index.js';
import { tempDir } from '../helpers/index.js';

/** An embedded Kelp that runs jobs, a folder for lake files, and the steps catalog tests repeat. */
export interface CatalogHarness {
  readonly kelp: Kelp;
  /** A fresh folder for the test's lake. */
  readonly root: string;
  /** Writes a file under `root`, creating its folders. */
  put(rel: string, text: string | Uint8Array): Promise<void>;
  /** Creates or updates a crawler, runs it and returns its summary (the run must complete). */
  crawl(body: CrawlBody): Promise<CrawlSummary>;
  /** Runs SQL to the end; `rows` is set when it succeeded. */
  query(
    sql: string,
    options?: { database?: string; timeoutSeconds?: number },
  ): Promise<{ query: Query; rows?: unknown[][] }>;
  close(): Promise<void>;
}

export async function openCatalogHarness(overrides: ConfigOverrides = {}): Promise<CatalogHarness> {
  const home = await tempDir();
  const data = await tempDir('kelp-lake-');
  const kelp = await openKelp(
    loadConfig({ home: home.path, logLevel: 'silent', adminToken: undefined, ...overrides }),
    {
      runJobs: true,
    },
  );
  const root = data.path;
  return {
    kelp,
    root,
    async put(rel, text) {
      await mkdir(dirname(join(root, rel)), { recursive: true });
      await writeFile(join(root, rel), text);
    },
    async crawl(body) {
      const { job } = await kelp.catalog.crawlers.upsert('default', body, 'test');
      assert.ok(job, 'the crawler started a run');
      const done = await kelp.jobs.waitUntilDone('default', job.name, 30_000);
      assert.equal(done.state, 'Completed', done.failureReason ?? '');
      return done.result as CrawlSummary;
    },
    async query(sql, options = {}) {
      const started = await kelp.catalog.queries.start('default', { sql, ...options }, 'test');
      const job = await kelp.jobs.getById(started.jobId as string);
      await kelp.jobs.waitUntilDone('default', job.name, 60_000);
      const query = await kelp.catalog.queries.get('default', started.id);
      if (query.state !== 'Succeeded') return { query };
      return { query, rows: (await kelp.catalog.queries.results('default', query.id, 0, 1000)).rows };
    },
    async close() {
      await kelp.close();
      await home.cleanup();
      await data.cleanup();
    },
  };
}
