// The data catalog in the console, end to end in Chromium: a crawler made with the form crawls a tiny
// lake, the catalog shows its tables, schema and partitions, and the SQL editor runs queries over them.
// Locators follow the console's UI contract (roles and exact accessible names).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { browserSkipReason, launchChromium, withPage } from '../helpers/browser.js';
import { tempDir } from '../helpers/index.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const skip = browserSkipReason();

/** A hive-partitioned CSV table (sales, 2 partitions) and a JSON lines table (clicks). */
async function buildTinyLake(root: string): Promise<void> {
  const put = async (rel: string, text: string) => {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), text);
  };
  await put('sales/year=2024/month=1/part-0.csv', 'order_id,store,amount\n1,north,10.5\n2,south,4\n');
  await put('sales/year=2024/month=2/part-0.csv', 'order_id,store,amount\n3,north,2.25\n');
  await put('clicks/part-0.jsonl', '{"page":"/","ms":12}\n{"page":"/a","ms":7}\n');
}

/** Replaces the SQL editor's text, as a person would: focus, select all, type. */
async function typeSql(page: Page, sql: string): Promise<void> {
  const editor = page.getByRole('textbox', { name: 'SQL editor', exact: true });
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(sql);
  assert.equal((await editor.textContent())?.trim(), sql);
}

describe('data catalog in the console', { skip: skip ?? false, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  let lake: Awaited<ReturnType<typeof tempDir>>;
  before(async () => {
    lake = await tempDir('kelp-browser-lake-');
    await buildTinyLake(lake.path);
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    await lake?.cleanup();
  });
  const onPage = (name: string, body: (page: Page) => Promise<void>, allowErrors?: RegExp[]) =>
    withPage(browser, server.url, name, body, { allowErrors });

  it('creates a crawler with the form and shows what its run created', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Crawlers', exact: true }).click();
      await page.getByRole('button', { name: 'New crawler', exact: true }).click();
      await page.getByRole('textbox', { name: 'Source', exact: true }).fill(lake.path);
      await page.getByRole('textbox', { name: 'Database', exact: true }).fill('lake');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill('lake-crawler');
      await page.getByRole('button', { name: 'Create crawler', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/crawlers/lake-crawler');

      const runs = page.getByRole('list', { name: 'Crawler runs', exact: true });
      const run = runs.getByRole('listitem').first();
      await run.getByText('Completed', { exact: true }).waitFor({ timeout: 20_000 });
      const count = (label: string) =>
        run.locator('.stats > div').filter({ hasText: label }).locator('dd').textContent();
      assert.equal(await count('Tables created'), '2');
      assert.equal(await count('Files scanned'), '3');
      assert.match((await run.textContent()) ?? '', /Created: clicks, sales|Created: sales, clicks/);
      await run.getByRole('link', { name: /^Job log/ }).waitFor();
      await page.getByRole('button', { name: 'Run crawler', exact: true }).waitFor();

      // The list shows the crawler and its last run.
      await page.getByRole('link', { name: 'All crawlers', exact: true }).click();
      const row = page.getByRole('row').filter({ hasText: 'lake-crawler' });
      await row.getByText('Completed').waitFor();
    });
  });

  it('shows the crawled tables, their schema and partitions', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/');
      await page.getByRole('link', { name: 'Catalog', exact: true }).click();
      const tables = page.getByRole('table', { name: 'Tables in lake', exact: true });
      await tables.getByRole('link', { name: 'clicks', exact: true }).waitFor();
      await tables.getByRole('link', { name: 'sales', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/catalog/lake/sales');

      await page.getByRole('tab', { name: 'Schema', exact: true }).click();
      const columns = page.getByRole('table', { name: 'Columns', exact: true });
      for (const name of ['order_id', 'store', 'amount'])
        await columns.getByRole('cell', { name, exact: true }).waitFor();
      const keys = page.getByRole('table', { name: 'Partition keys', exact: true });
      for (const name of ['year', 'month']) await keys.getByRole('cell', { name, exact: true }).waitFor();

      await page.getByRole('tab', { name: 'Partitions', exact: true }).click();
      const partitions = page.getByRole('table', { name: 'Partitions', exact: true });
      await partitions.getByRole('row').nth(2).waitFor();
      const rows = await partitions.getByRole('row').allTextContents();
      assert.equal(rows.length, 3, `header and two partitions: ${JSON.stringify(rows)}`);
      assert.ok(
        rows.some((r) => r.includes('year=2024/month=1')),
        JSON.stringify(rows),
      );

      await page.getByRole('tab', { name: 'Sample', exact: true }).click();
      const sample = page.getByRole('table', { name: 'Sample rows', exact: true });
      await sample.getByRole('cell', { name: 'south', exact: true }).waitFor();

      await page.getByRole('tab', { name: 'Versions', exact: true }).click();
      await page.getByRole('heading', { name: 'Version 1', exact: true }).waitFor();
    });
  });

  it('runs SQL from the editor, lists it in the history and explains a bad table name', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/catalog/lake/sales');
      await page.getByRole('button', { name: 'Query this table', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/query');
      const editor = page.getByRole('textbox', { name: 'SQL editor', exact: true });
      await editor.waitFor();
      assert.equal((await editor.textContent())?.trim(), 'SELECT * FROM lake.sales LIMIT 100');
      assert.equal(await page.getByRole('combobox', { name: 'Database', exact: true }).inputValue(), 'lake');

      const sql = 'SELECT store, sum(amount) AS total FROM sales GROUP BY store ORDER BY store';
      await typeSql(page, sql);
      await page.getByRole('button', { name: 'Run query', exact: true }).click();
      const results = page.getByRole('table', { name: 'Query results', exact: true });
      await results.getByRole('cell', { name: 'north', exact: true }).waitFor({ timeout: 20_000 });
      const rows = await results.getByRole('row').allTextContents();
      assert.equal(rows.length, 3, JSON.stringify(rows));
      assert.match(rows[0] ?? '', /store.*total/);
      assert.match(rows[1] ?? '', /north.*12\.75/);
      assert.match(rows[2] ?? '', /south.*4/);
      assert.equal(await page.getByTestId('query-rows').textContent(), '2');
      await page.getByRole('link', { name: 'Download CSV', exact: true }).waitFor();
      const history = page.getByRole('region', { name: 'Query history', exact: true });
      await history.getByRole('button', { name: sql, exact: true }).waitFor();

      // A misspelt table fails with the server's suggestion; Ctrl+Enter runs it.
      await typeSql(page, 'SELECT * FROM lake.sale');
      await editor.press('Control+Enter');
      await page
        .getByRole('alert')
        .filter({ hasText: "unknown table 'lake.sale' (did you mean lake.sales?)" })
        .waitFor({ timeout: 20_000 });

      // Back to the first query from the history: its SQL and its results again.
      await history.getByRole('button', { name: sql, exact: true }).click();
      await results.getByRole('cell', { name: 'north', exact: true }).waitFor();
      assert.equal((await editor.textContent())?.trim(), sql);
    });
  });

  it('creates, tests and deletes a connection without ever showing its password', async (t) => {
    await onPage(
      t.name,
      async (page) => {
        await page.goto('/connections');
        await page.getByRole('button', { name: 'New connection', exact: true }).click();
        await page.getByRole('textbox', { name: 'Name', exact: true }).fill('nowhere');
        await page.getByRole('combobox', { name: 'Engine', exact: true }).selectOption('postgresql');
        await page.getByRole('textbox', { name: 'Host', exact: true }).fill('127.0.0.1');
        // Port 1 on loopback: nothing listens, so the test fails at once.
        await page.getByRole('spinbutton', { name: 'Port', exact: true }).fill('1');
        await page.getByRole('textbox', { name: 'Database', exact: true }).fill('shop');
        await page.getByRole('textbox', { name: 'User', exact: true }).fill('reader');
        await page.getByLabel('Password', { exact: true }).fill('s3cret-pw');
        await page.getByRole('button', { name: 'Create connection', exact: true }).click();

        const row = page.getByRole('row').filter({ hasText: 'nowhere' });
        await row.getByText('stored', { exact: true }).waitFor();
        assert.ok(!(await page.content()).includes('s3cret-pw'), 'the password is not in the page');
        await row.getByRole('button', { name: 'Test connection nowhere', exact: true }).click();
        await row
          .getByRole('status')
          .filter({ hasText: /^Failed: / })
          .waitFor({ timeout: 15_000 });

        await row.getByRole('button', { name: 'Delete nowhere', exact: true }).click();
        const dialog = page.getByRole('dialog', { name: 'Delete connection?' });
        await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
        await row.waitFor({ state: 'detached' });
      },
      // The failed test is an error answer, which the browser notes in its console.
      [/Failed to load resource: the server responded with a status of \d+/],
    );
  });
});
