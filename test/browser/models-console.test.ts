// Models in the console, end to end in Chromium: train linear-learner on penguins from the "Train
// model" form (hyperparameter fields generated from the algorithm's specs), follow the training job,
// read the model's metrics, score a file into predictions and preview them, then delete the model.
// Locators follow the console's UI contract (roles and exact accessible names).
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
const MODEL = 'penguins-ui';

describe('models in the console', { skip: skip ?? false, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
    await new KelpClient({ url: server.url }).objects.put(
      'data/penguins/penguins.csv',
      await readFile(PENGUINS),
    );
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const onPage = (name: string, body: (page: Page) => Promise<void>, allowErrors?: RegExp[]) =>
    withPage(browser, server.url, name, body, { allowErrors });

  it('trains a model from the form, sending only changed hyperparameters, and follows its job', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Models', exact: true }).click();
      await page.getByRole('link', { name: 'Train model', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/models/new');

      const data = page.getByRole('combobox', { name: 'Data', exact: true });
      assert.equal(await data.inputValue(), 'store', 'no catalog tables: an object store prefix');
      await page.getByRole('textbox', { name: 'Data prefix', exact: true }).fill('store://data/penguins/');
      await page.getByRole('textbox', { name: 'Target', exact: true }).fill('species');
      await page.getByRole('combobox', { name: 'Algorithm', exact: true }).selectOption('linear-learner');
      const algorithms = await new KelpClient({ url: server.url }).models.algorithms();
      const description = algorithms.find((a) => a.name === 'linear-learner')?.description ?? '-';
      await page.getByText(description, { exact: false }).waitFor();

      // Fields come from the specs: defaults prefilled, documented ranges as attributes.
      const wd = page.getByRole('spinbutton', { name: 'wd', exact: true });
      assert.equal(await wd.inputValue(), '0');
      assert.equal(await wd.getAttribute('min'), '0');
      const epochs = page.getByRole('spinbutton', { name: 'epochs', exact: true });
      assert.deepEqual([await epochs.getAttribute('min'), await epochs.getAttribute('max')], ['1', '10000']);
      assert.equal(await page.getByRole('checkbox', { name: 'use_bias', exact: true }).isChecked(), true);
      const predictor = page.getByRole('combobox', { name: 'predictor_type', exact: true });
      assert.equal(await predictor.inputValue(), 'binary_classifier');
      await predictor.selectOption('multiclass_classifier');
      // An out-of-range value is reported on the field; a valid one clears it.
      await wd.fill('-1');
      await page.getByText('wd must be ≥ 0', { exact: true }).waitFor();
      await wd.fill('0.01');
      await page.getByRole('textbox', { name: 'Model name', exact: true }).fill(MODEL);

      const request = page.waitForRequest(
        (r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/v1/training-jobs',
      );
      await page.getByRole('button', { name: 'Start training', exact: true }).click();
      assert.deepEqual((await request).postDataJSON(), {
        algorithm: 'linear-learner',
        data: 'store://data/penguins/',
        target: 'species',
        hyperparameters: { predictor_type: 'multiclass_classifier', wd: 0.01 },
        name: MODEL,
      });
      await page.waitForURL((url) => url.pathname === `/jobs/train-${MODEL}`);
      await page
        .getByTestId('job-state')
        .filter({ hasText: /^Completed$/ })
        .waitFor({ timeout: 30_000 });
      await page.getByRole('region', { name: 'Metrics', exact: true }).getByRole('img').waitFor();
      await page.getByRole('link', { name: MODEL, exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/models/${MODEL}`);
    });
  });

  it('lists the model and shows its metrics, hyperparameters and schema', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/models');
      const row = page
        .getByRole('table', { name: 'Models', exact: true })
        .getByRole('row')
        .filter({ hasText: MODEL });
      await row.getByText('train:accuracy').waitFor();
      assert.match((await row.textContent()) ?? '', /linear-learner.*classifier.*species/);
      await row.getByRole('link', { name: MODEL, exact: true }).click();

      const metrics = page.getByRole('region', { name: 'Metrics', exact: true });
      const header = await metrics.getByRole('row').first().textContent();
      assert.match(header ?? '', /Metric\s*train/);
      const accuracy = metrics.getByRole('row', { name: /^accuracy/ });
      const value = Number(await accuracy.getByRole('cell').first().textContent());
      assert.ok(value > 0.95, `train accuracy ${value}`);

      const overview = page.getByRole('region', { name: 'Overview', exact: true });
      await overview.getByText('Adelie, Chinstrap, Gentoo', { exact: true }).waitFor();
      await overview.getByRole('link', { name: `train-${MODEL}`, exact: true }).waitFor();
      const artifact = overview.getByRole('link', { name: 'Download model artifact', exact: true });
      assert.match((await artifact.getAttribute('href')) ?? '', /model\.tar\.gz$/);

      // Linear models rank features by |coefficient| × standard deviation.
      const importance = page.getByRole('region', { name: 'Feature importance', exact: true });
      await importance.getByRole('img', { name: 'Feature importance chart' }).waitFor();
      await importance.getByText('coefficient:', { exact: false }).waitFor();
      await importance.getByText(/^All \d+ features$/).click();
      const ranked = importance
        .getByRole('table', { name: 'Feature importance', exact: true })
        .getByRole('row');
      assert.ok((await ranked.count()) > 3);

      const hp = page.getByRole('region', { name: 'Hyperparameters', exact: true });
      await hp.getByRole('row', { name: /^predictor_type multiclass_classifier/ }).waitFor();
      const schema = page.getByRole('table', { name: 'Input schema', exact: true });
      await schema.getByRole('row', { name: /^species .* target$/ }).waitFor();

      // The global search finds the model.
      await page.getByRole('searchbox', { name: 'Search resources', exact: true }).fill('penguins-u');
      await page.getByRole('link', { name: `Model ${MODEL}`, exact: true }).waitFor();
    });
  });

  it('exports the model to ONNX, checked in ONNX Runtime, and offers the file', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/models/${MODEL}`);
      const onnx = page.getByRole('region', { name: 'Export to ONNX', exact: true });
      await onnx.getByRole('combobox', { name: 'Target' }).selectOption('onnx-web');
      await onnx.getByRole('button', { name: 'Export', exact: true }).click();
      await onnx
        .getByTestId('compile-state')
        .filter({ hasText: /^Completed$/ })
        .waitFor({ timeout: 30_000 });
      const link = onnx.getByRole('link', { name: 'Download model.onnx', exact: true });
      assert.match((await link.getAttribute('href')) ?? '', /model\.onnx$/);
      await onnx.getByText(/checked on 344 rows/).waitFor();
    });
  });

  it('scores a store prefix and previews the predictions', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/models/${MODEL}`);
      const score = page.getByRole('region', { name: 'Score a file', exact: true });
      await score.getByRole('combobox', { name: 'Source', exact: true }).selectOption('store');
      await score
        .getByRole('textbox', { name: 'Store prefix or key', exact: true })
        .fill('store://data/penguins/');
      await score.getByRole('combobox', { name: 'Output format', exact: true }).selectOption('csv');
      await score.getByRole('button', { name: 'Start scoring', exact: true }).click();

      const download = score.getByRole('link', { name: 'Download predictions', exact: true });
      await download.waitFor({ timeout: 20_000 });
      const href = (await download.getAttribute('href')) ?? '';
      assert.match(href, new RegExp(`^/api/v1/objects/predictions/${MODEL}/.+\\.csv$`));
      const csv = await (await page.request.get(href)).text();
      assert.equal(csv.trim().split('\n').length, 345, 'a header and one row per penguin');

      const preview = score.getByRole('table', { name: 'Predictions preview', exact: true });
      await preview.getByRole('columnheader', { name: 'predicted_label' }).waitFor();
      await preview.getByRole('cell', { name: 'Adelie', exact: true }).first().waitFor();
      await score.getByText('First 20 rows', { exact: true }).waitFor();
      assert.match(page.url(), /\?prediction=predict-/, 'the run is kept in the URL');
    });
  });

  it('scores an uploaded file into JSON lines', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/models/${MODEL}`);
      const score = page.getByRole('region', { name: 'Score a file', exact: true });
      assert.equal(await score.getByRole('combobox', { name: 'Source', exact: true }).inputValue(), 'upload');
      await score.getByLabel('File', { exact: true }).setInputFiles(PENGUINS);
      await score.getByRole('combobox', { name: 'Output format', exact: true }).selectOption('jsonl');
      await score.getByRole('button', { name: 'Start scoring', exact: true }).click();
      const download = score.getByRole('link', { name: 'Download predictions', exact: true });
      await download.waitFor({ timeout: 20_000 });
      assert.match((await download.getAttribute('href')) ?? '', /\.jsonl$/);
      await score.getByText(/^344 rows in/).waitFor();
      const uploads = await new KelpClient({ url: server.url }).objects.list({
        prefix: 'kelp-system/uploads/',
      });
      assert.ok(
        uploads.objects.some((o) => o.key.endsWith('/penguins.csv')),
        JSON.stringify(uploads.objects.map((o) => o.key)),
      );
    });
  });

  it('deletes the model after confirming', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto(`/models/${MODEL}`);
      await page.getByRole('button', { name: 'Delete model', exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete model?' });
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/models');
      await page.getByText('No models yet.', { exact: false }).waitFor();
    });
  });
});
