// Endpoints in the console, end to end in Chromium: deploy a trained model from its page's Deploy
// link (the form prefilled and checked field by field), follow the endpoint to InService, invoke it
// with the example row and with a bad one (the server's message as a toast), see the traffic charts
// and the list, then delete it. Locators follow the console's UI contract (roles and exact names).
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import type { Browser, Page } from 'playwright-core';

import { KelpClient } from '../../src/client/index.js';
import { browserSkipReason, launchChromium, withPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const skip = browserSkipReason();
const PENGUINS = fileURLToPath(new URL('../fixtures/ml/penguins.csv', import.meta.url));
const MODEL = 'penguins-xgb';
const ENDPOINT = 'penguins-live';
// Feature columns in training order (species, the target, left out).
const ROW = 'Torgersen,39.1,18.7,181,3750,male,2007';
const CLASS_ROW = /^(Adelie|Chinstrap|Gentoo),[\d.e-]+,[\d.e-]+,[\d.e-]+\n?$/;
// The browser logs every 4xx answer; the bad row is refused with a 400 on purpose.
const BAD_REQUEST = [/status of 400 \(Bad Request\) \(http:\/\/127\.0\.0\.1:\d+\/endpoints\//];

describe('endpoints in the console', { skip: skip ?? false, timeout: 180_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    const client = new KelpClient({ url: server.url });
    await client.objects.put('data/penguins/penguins.csv', await readFile(PENGUINS));
    const { job } = await client.models.train({
      algorithm: 'xgboost',
      data: 'store://data/penguins/',
      target: 'species',
      hyperparameters: { objective: 'multi:softprob', num_round: 5 },
      name: MODEL,
    });
    await client.jobs.wait(job.name);
    assert.equal((await client.jobs.get(job.name)).state, 'Completed');
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const onPage = (name: string, body: (page: Page) => Promise<void>, allowErrors?: RegExp[]) =>
    withPage(browser, server.url, name, body, { allowErrors });

  it('deploys from the model page with the form prefilled, and follows the endpoint to InService', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/models/${MODEL}`);
      await page.getByRole('link', { name: 'Deploy', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/endpoints/new' && url.search === `?model=${MODEL}`);
      await page.getByRole('heading', { name: 'Deploy model', exact: true }).waitFor();

      const name = page.getByRole('textbox', { name: 'Endpoint name', exact: true });
      assert.equal(await name.inputValue(), MODEL);
      const first = page.getByRole('group', { name: 'Variant 1', exact: true });
      assert.equal(
        await first.getByRole('textbox', { name: 'Variant name', exact: true }).inputValue(),
        'AllTraffic',
      );
      const model = first.getByRole('combobox', { name: 'Model', exact: true });
      assert.equal(await model.inputValue(), MODEL);
      const weight = first.getByRole('spinbutton', { name: 'Weight', exact: true });
      assert.equal(await weight.inputValue(), '1');
      const workers = first.getByRole('spinbutton', { name: 'Workers', exact: true });
      assert.equal(await workers.inputValue(), '1');
      assert.equal(await first.getByRole('button', { name: 'Remove variant 1' }).isDisabled(), true);

      // Validation on the fields, with the server's rules.
      await name.fill('penguins live');
      await page.getByText('Endpoint name: letters, digits and dashes', { exact: false }).waitFor();
      assert.equal(await name.getAttribute('aria-invalid'), 'true');
      await name.fill(ENDPOINT);
      assert.equal(await name.getAttribute('aria-invalid'), null);
      await weight.fill('0');
      await page.getByText('At least one variant needs a weight above 0', { exact: true }).waitFor();
      await weight.fill('1');
      await workers.fill('65');
      await first.getByText('Workers must be a whole number from 1 to 64', { exact: true }).waitFor();
      await workers.fill('2');

      // A second variant can be added (named so it does not clash) and removed again.
      await page.getByRole('button', { name: 'Add variant', exact: true }).click();
      const second = page.getByRole('group', { name: 'Variant 2', exact: true });
      assert.equal(
        await second.getByRole('textbox', { name: 'Variant name', exact: true }).inputValue(),
        'Variant2',
      );
      await second.getByRole('button', { name: 'Remove variant 2', exact: true }).click();
      await second.waitFor({ state: 'detached' });

      const configRequest = page.waitForRequest(
        (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/endpoint-configs',
      );
      const endpointRequest = page.waitForRequest(
        (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/endpoints',
      );
      await page.getByRole('button', { name: 'Deploy', exact: true }).click();
      const config = (await configRequest).postDataJSON() as { name: string };
      assert.match(config.name, new RegExp(`^${ENDPOINT}-[0-9a-z]+$`));
      assert.deepEqual(config, {
        name: config.name,
        variants: [{ name: 'AllTraffic', model: MODEL, initialWeight: 1, workers: 2 }],
      });
      assert.deepEqual((await endpointRequest).postDataJSON(), { name: ENDPOINT, config: config.name });

      await page.waitForURL((url) => url.pathname === `/endpoints/${ENDPOINT}`);
      const overview = page.getByRole('region', { name: 'Overview', exact: true });
      await overview.getByText(config.name, { exact: true }).waitFor();
      await overview.getByText('InService', { exact: true }).waitFor({ timeout: 60_000 });
      const variants = page.getByRole('table', { name: 'Variants', exact: true });
      const row = variants.getByRole('row', { name: /^AllTraffic/ });
      await row.getByRole('cell', { name: '2/2', exact: true }).waitFor();
      await row.getByRole('link', { name: MODEL, exact: true }).waitFor();
    });
  });

  it('invokes the endpoint with the example row, a real row, JSON out, and a bad row', async (t) => {
    await onPage(
      t.name,
      async (page) => {
        await page.goto(`/endpoints/${ENDPOINT}`);
        const invoke = page.getByRole('region', { name: 'Invoke', exact: true });
        await invoke
          .getByText(
            'Columns, in order: island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex, year',
            { exact: true },
          )
          .waitFor();
        const body = invoke.getByRole('textbox', { name: 'Body', exact: true });
        assert.equal(await body.inputValue(), ',0,0,0,0,,0\n', 'numbers 0, text missing');
        const send = invoke.getByRole('button', { name: 'Send', exact: true });
        await send.click();
        const response = invoke.getByRole('region', { name: 'Response', exact: true });
        await response.waitFor();
        assert.match((await response.locator('pre').textContent()) ?? '', CLASS_ROW);
        await response.getByText('AllTraffic', { exact: true }).waitFor();
        await response.getByText('text/csv', { exact: true }).waitFor();

        await body.fill(ROW);
        await send.click();
        await response
          .locator('pre')
          .filter({ hasText: /^Adelie,/ })
          .waitFor();

        await invoke.getByRole('combobox', { name: 'Accept', exact: true }).selectOption('application/json');
        await invoke
          .getByRole('combobox', { name: 'Target variant', exact: true })
          .selectOption('AllTraffic');
        await send.click();
        await response.getByText(/^application\/json/).waitFor();
        const json = JSON.parse((await response.locator('pre').textContent()) ?? '') as {
          predictions: { predicted_label: string }[];
        };
        assert.equal(json.predictions[0]?.predicted_label, 'Adelie');

        // The content type's example replaces the body only until it is edited; "Use the example" goes back.
        await invoke.getByRole('button', { name: 'Use the example', exact: true }).click();
        await invoke
          .getByRole('combobox', { name: 'Content type', exact: true })
          .selectOption('application/json');
        assert.match(await body.inputValue(), /"instances"[\s\S]*"island": null[\s\S]*"bill_length_mm": 0/);
        await send.click();
        await response.locator('pre').filter({ hasText: '"predicted_label"' }).waitFor();

        await invoke.getByRole('combobox', { name: 'Content type', exact: true }).selectOption('text/csv');
        await body.fill('Torgersen,39.1');
        await send.click();
        await page
          .getByRole('alert')
          .filter({ hasText: 'Invocation failed: row 1: 2 values, the model takes 7' })
          .waitFor();

        // The counters follow: five requests, one of them refused.
        const cells = page
          .getByRole('table', { name: 'Variants', exact: true })
          .getByRole('row', { name: /^AllTraffic/ })
          .getByRole('cell');
        await cells.nth(3).filter({ hasText: /^5$/ }).waitFor();
        await cells.nth(4).filter({ hasText: /^1$/ }).waitFor();
      },
      BAD_REQUEST,
    );
  });

  it('draws the traffic charts, one curve per variant', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/endpoints/${ENDPOINT}`);
      const traffic = page.getByRole('region', { name: 'Traffic', exact: true });
      for (const chart of ['Requests per second chart', 'Latency chart', 'Errors chart'])
        await traffic.getByRole('img', { name: chart, exact: true }).waitFor();
      assert.equal(await traffic.getByRole('img').count(), 3);
      await traffic
        .getByText(/^AllTraffic: 5 requests, 1 error, p95 up to [\d.]+ ms in the last 5 minutes$/)
        .waitFor();
      // ECharts drew on its canvas.
      const canvases = await traffic.locator('canvas').count();
      assert.ok(canvases >= 3, `${canvases} canvases`);
    });
  });

  it('lists the endpoint with its status and variants', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Endpoints', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/endpoints');
      const row = page
        .getByRole('table', { name: 'Endpoints', exact: true })
        .getByRole('row')
        .filter({ hasText: ENDPOINT });
      await row.getByText(`${MODEL} (1)`, { exact: true }).waitFor();
      await row.getByText('InService', { exact: true }).waitFor();
      assert.match((await row.textContent()) ?? '', new RegExp(`${ENDPOINT}-[0-9a-z]+`));
      assert.equal(
        await page.getByRole('link', { name: 'Deploy model', exact: true }).getAttribute('href'),
        '/endpoints/new',
      );
      await row.getByRole('link', { name: ENDPOINT, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/endpoints/${ENDPOINT}`);
    });
  });

  it('deletes the endpoint after confirming', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/endpoints/${ENDPOINT}`);
      await page.getByRole('button', { name: 'Delete endpoint', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete endpoint?' });
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/endpoints');
      await page.getByText('No endpoints yet.', { exact: false }).waitFor();
      assert.deepEqual(await new KelpClient({ url: server.url }).endpoints.list(), []);
    });
  });
});
