// The console's qualities beyond its features: accessibility (axe-core, both themes), a folder of
// 10,000 objects, and recovery after the server goes away and comes back.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';

import { buildServer } from '../../src/api/index.js';
import { KelpClient } from '../../src/client/index.js';
import { buildLake } from '../catalog/lake-fixture.js';
import { browserSkipReason, launchChromium, withPage } from '../helpers/browser.js';
import { tempDir } from '../helpers/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const skip = browserSkipReason();
const AXE_SOURCE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** Runs axe-core in the page; returns serious and critical WCAG A/AA violations. */
async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ content: await readFile(AXE_SOURCE, 'utf8') });
  const result = await page.evaluate(async () => {
    // Runs in the page: `globalThis` is the window there.
    const axe = (
      globalThis as unknown as { axe: { run: (o: unknown) => Promise<{ violations: AxeViolation[] }> } }
    ).axe;
    return axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** A crawled lake (with problem files), a finished query and a connection, for the catalog pages. */
async function seedCatalog(server: TestServer, lake: string): Promise<string> {
  await buildLake(lake);
  const { catalog, jobs } = server.kelp;
  const { job } = await catalog.crawlers.upsert(
    'default',
    { source: lake, database: 'lake', name: 'a11y-crawler' },
    'test',
  );
  await jobs.waitUntilDone('default', job!.name, 30_000);
  const query = await catalog.queries.start(
    'default',
    { sql: 'SELECT * FROM sales', database: 'lake' },
    'test',
  );
  await jobs.waitUntilDone('default', (await jobs.getById(query.jobId!)).name, 30_000);
  await catalog.connections.create(
    'default',
    {
      name: 'a11y-pg',
      engine: 'postgresql',
      host: '127.0.0.1',
      database: 'shop',
      user: 'reader',
      password: 'x',
    },
    'test',
  );
  return query.id;
}

/** A trained model and a finished CSV prediction job with it, for the model pages. */
async function seedModel(server: TestServer): Promise<string> {
  const { objects, training, jobs } = server.kelp;
  await objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
  const { job } = await training.train(
    'default',
    {
      algorithm: 'linear-learner',
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: { predictor_type: 'multiclass_classifier' },
      name: 'a11y-model',
    },
    'test',
  );
  await jobs.waitUntilDone('default', job.name, 30_000);
  const predict = await training.predict(
    'default',
    'a11y-model',
    { data: 'store://data/penguins/', output: 'predictions/a11y.csv' },
    'test',
  );
  await jobs.waitUntilDone('default', predict.name, 30_000);
  return predict.name;
}

/** The model served by a one-worker endpoint that has answered a request, for the endpoint pages. */
async function seedEndpoint(server: TestServer): Promise<void> {
  const client = new KelpClient({ url: server.url });
  await client.endpointConfigs.create({
    name: 'a11y-config',
    variants: [{ name: 'AllTraffic', model: 'a11y-model', initialWeight: 1, workers: 1 }],
  });
  await client.endpoints.create({ name: 'a11y-endpoint', config: 'a11y-config' });
  await client.endpoints.waitInService('a11y-endpoint', 30_000);
  await client.endpoints.invoke('a11y-endpoint', 'Torgersen,39.1,18.7,181,3750,male,2007\n', {
    contentType: 'text/csv',
  });
}

describe('web console qualities', { skip: skip ?? false, timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let lake: Awaited<ReturnType<typeof tempDir>>;
  let queryId: string;
  let predictionJob: string;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    await server.kelp.jobs.submit({
      kind: 'diagnostic.sleep',
      name: 'a11y-job',
      input: { seconds: 0.2, steps: 2 },
    });
    await server.kelp.jobs.waitUntilDone('default', 'a11y-job', 10_000);
    lake = await tempDir('kelp-a11y-lake-');
    queryId = await seedCatalog(server, lake.path);
    predictionJob = await seedModel(server);
    await seedEndpoint(server);
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await lake?.cleanup();
  });
  const onPage = (name: string, body: (page: Page) => Promise<void>, allowErrors?: RegExp[]) =>
    withPage(browser, server.url, name, body, { allowErrors });

  for (const theme of ['light', 'dark']) {
    it(`has no serious accessibility violations (${theme} theme)`, async (t) => {
      await onPage(t.name, async (page) => {
        await page.addInitScript(
          (th) =>
            (
              globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }
            ).localStorage.setItem('kelp-theme', th),
          theme,
        );
        const pages = [
          '/',
          '/objects',
          '/jobs',
          '/jobs/a11y-job',
          '/catalog',
          ...['schema', 'partitions', 'sample', 'versions'].map((tab) => `/catalog/lake/sales?tab=${tab}`),
          '/crawlers',
          '/crawlers/a11y-crawler',
          `/query?id=${queryId}`,
          '/connections',
          '/models',
          '/models/new',
          `/models/a11y-model?prediction=${predictionJob}`,
          '/endpoints',
          '/endpoints/new?model=a11y-model',
          '/endpoints/a11y-endpoint',
        ];
        for (const path of pages) {
          await page.goto(path);
          await page.getByRole('navigation', { name: 'Areas' }).waitFor();
          await page.waitForLoadState('networkidle').catch(() => undefined);
          const violations = await axeViolations(page);
          const report = violations.map(
            (v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`,
          );
          assert.deepEqual(report, [], `${path} (${theme})`);
        }
      });
    });
  }

  it('every control in the header is reachable with the keyboard', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/');
      const reached = new Set<string>();
      for (let i = 0; i < 12; i++) {
        await page.keyboard.press('Tab');
        reached.add(
          await page.evaluate(() => {
            type El = { getAttribute(n: string): string | null; textContent: string | null };
            const active = (globalThis as unknown as { document: { activeElement: El | null } }).document
              .activeElement;
            return active?.getAttribute('aria-label') ?? active?.textContent ?? '';
          }),
        );
      }
      for (const name of ['Search resources', 'Toggle theme', 'Home', 'Objects', 'Jobs'])
        assert.ok(reached.has(name), `${name} reached: ${[...reached].join(' | ')}`);
    });
  });

  it('browses a folder of 10,000 objects, paging as it scrolls', async (t) => {
    const folder = join(server.home, 'objects', 'many');
    await mkdir(folder, { recursive: true });
    for (let i = 0; i < 10_000; i++)
      await writeFile(join(folder, `file-${String(i).padStart(5, '0')}.csv`), 'a\n');
    await onPage(t.name, async (page) => {
      await page.goto('/objects?prefix=many/');
      await page.getByRole('link', { name: 'file-00000.csv', exact: true }).waitFor();
      const started = Date.now();
      const scroller = page.locator('.vlist');
      for (;;) {
        await scroller.evaluate((el) => el.scrollTo(0, el.scrollHeight));
        if (await page.getByRole('link', { name: 'file-09999.csv', exact: true }).isVisible()) break;
        assert.ok(Date.now() - started < 60_000, 'reached the last object within 60 s');
        await page.waitForTimeout(50);
      }
      console.log(`scrolled through 10,000 objects in ${Date.now() - started} ms`);
      const rendered = await page.locator('tr.vrow').count();
      assert.ok(rendered < 200, `only the visible rows are in the DOM (${rendered})`);
    });
  });

  it('shows a banner when the server goes away and recovers when it returns', async (t) => {
    await onPage(
      t.name,
      async (page) => {
        await page.goto('/jobs');
        await page.getByRole('heading', { name: 'Jobs', exact: true }).waitFor();
        const port = Number(new URL(server.url).port);
        await server.app.close();
        const banner = page.getByRole('status').filter({ hasText: 'Lost the connection' });
        await banner.waitFor();
        const again = await buildServer(server.kelp);
        await again.listen({ host: '127.0.0.1', port });
        await banner.waitFor({ state: 'detached', timeout: 15_000 });
        await again.close();
      },
      // A health probe that lands while the server is closing is answered 503, which the browser logs.
      [/status of 503 \(Service Unavailable\) \(http:\/\/127\.0\.0\.1:\d+\/api\/health/],
    );
  });
});
