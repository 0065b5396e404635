// The web console in a real Chromium against a real Kelp server. Locators follow the console's UI
// contract (roles, exact accessible names, test ids) so markup and styling can change freely.
// Role locators rather than getByLabel for form fields: a <label> wrapping a <select> or <textarea>
// has the options or the text in its textContent, which defeats getByLabel's exact match.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import type { Browser, Page } from 'playwright-core';

import { browserSkipReason, launchChromium, withPage } from '../helpers/browser.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

const skip = browserSkipReason();

describe('web console in Chromium', { skip: skip ?? false, timeout: 120_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  before(async () => {
    server = await startTestServer();
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });
  const onPage = (name: string, body: (page: Page) => Promise<void>, allowErrors?: RegExp[]) =>
    withPage(browser, server.url, name, body, { allowErrors });

  it('first load of / shows the navigation and header without errors', async (t) => {
    await onPage(t.name, async (page) => {
      const started = Date.now();
      await page.goto('/', { waitUntil: 'load' });
      await page.getByRole('navigation', { name: 'Areas' }).waitFor();
      const wall = Date.now() - started;
      // The browser's own measure of this first visit (empty cache): navigation start to load end.
      const timing = await page.evaluate(() => {
        const perf = (
          globalThis as unknown as {
            performance: { getEntriesByType(t: string): { loadEventEnd: number; transferSize: number }[] };
          }
        ).performance;
        return perf.getEntriesByType('navigation')[0]?.loadEventEnd ?? 0;
      });
      console.log(
        `console first load: ${Math.round(timing)} ms (navigation timing), ${wall} ms until the navigation showed`,
      );
      for (const name of ['Home', 'Objects', 'Jobs'])
        await page.getByRole('link', { name, exact: true }).waitFor();
      await page.getByRole('button', { name: 'Toggle theme', exact: true }).waitFor();
      await page.getByRole('searchbox', { name: 'Search resources', exact: true }).waitFor();
      await page.getByRole('link', { name: 'Jobs', exact: true }).click();
      await page.waitForURL((url) => url.pathname === '/jobs');
    });
  });

  it('uploads a file from the Objects page and lists it', async (t) => {
    await onPage(t.name, async (page) => {
      await page.goto('/objects');
      // Hold uploads back a moment so the progress bar is certainly on screen while they run.
      await page.route(
        (url) => url.pathname.startsWith('/api/v1/objects/') || url.pathname.startsWith('/api/v1/uploads'),
        async (route) => {
          if (route.request().method() !== 'GET') await new Promise((r) => setTimeout(r, 1000));
          await route.continue();
        },
      );
      const prefix = await page.getByRole('textbox', { name: 'Key prefix', exact: true }).inputValue();
      const name = 'hello-browser.txt';
      await page.getByLabel('Upload files', { exact: true }).setInputFiles({
        name,
        mimeType: 'text/plain',
        buffer: Buffer.from('hello from chromium\n'),
      });
      await page.getByRole('progressbar', { name: 'Upload progress', exact: true }).waitFor();
      await page.getByRole('row').filter({ hasText: name }).first().waitFor();
      const stored = await fetch(`${server.url}/api/v1/objects/${encodeURI(prefix + name)}`);
      assert.equal(stored.status, 200, `object ${prefix}${name}`);
      assert.equal(await stored.text(), 'hello from chromium\n');

      // Delete asks first, then removes the row.
      await page.getByRole('button', { name: `Delete ${name}`, exact: true }).click();
      const dialog = page.getByRole('dialog', { name: 'Delete object?' });
      await dialog.waitFor();
      await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
      await page.getByRole('row').filter({ hasText: name }).first().waitFor({ state: 'detached' });
      assert.equal((await fetch(`${server.url}/api/v1/objects/${encodeURI(prefix + name)}`)).status, 404);
    });
  });

  it('runs a diagnostic.sleep job from the Jobs page with live progress and logs', async (t) => {
    await onPage(t.name, async (page) => {
      const jobName = 'browser-sleep';
      await page.goto('/jobs');
      await page.getByRole('button', { name: 'New job', exact: true }).click();
      await page.getByRole('combobox', { name: 'Kind', exact: true }).selectOption('diagnostic.sleep');
      await page.getByRole('textbox', { name: 'Name', exact: true }).fill(jobName);
      await page
        .getByRole('textbox', { name: 'Input (JSON)', exact: true })
        .fill('{"seconds": 2, "steps": 4}');
      await page.getByRole('button', { name: 'Start job', exact: true }).click();
      await page.waitForURL((url) => url.pathname === `/jobs/${jobName}`);

      const state = page.getByTestId('job-state');
      const progress = page.getByRole('progressbar', { name: 'Job progress', exact: true });
      const log = page.getByRole('log', { name: 'Job log', exact: true });
      const running: { progress: number; log: string }[] = [];
      let stopShown = false;
      const deadline = Date.now() + 20_000;
      for (;;) {
        const [now, value, text] = await Promise.all([
          state.textContent(),
          progress.getAttribute('aria-valuenow'),
          log.textContent(),
        ]);
        const current = (now ?? '').trim();
        if (current === 'Completed') break;
        assert.ok(['Pending', 'InProgress'].includes(current), `unexpected job state "${current}"`);
        if (current === 'InProgress') {
          running.push({ progress: Number(value ?? 0), log: (text ?? '').trim() });
          stopShown ||= await page.getByRole('button', { name: 'Stop job', exact: true }).isVisible();
        }
        assert.ok(Date.now() < deadline, `job not Completed in 20 s (seen ${JSON.stringify(running)})`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const seen = JSON.stringify(running);
      assert.ok(running.length > 0, 'the page never showed the job InProgress');
      const values = running.map((r) => r.progress);
      assert.ok(
        values.some((v, i) => i > 0 && v > values[0]!),
        `progress never rose while running: ${seen}`,
      );
      assert.ok(
        running.some((r) => /step \d of 4/.test(r.log)),
        `no log line appeared while running: ${seen}`,
      );
      assert.ok(stopShown, 'no "Stop job" button while the job ran');
      // The finished page keeps the whole log.
      assert.match((await log.textContent()) ?? '', /step 4 of 4/);
    });
  });

  it('shows an alert when an upload goes to an invalid key', async (t) => {
    await onPage(
      t.name,
      async (page) => {
        await page.goto('/objects');
        await page.getByRole('textbox', { name: 'Key prefix', exact: true }).fill('../bad/');
        await page.getByLabel('Upload files', { exact: true }).setInputFiles({
          name: 'oops.txt',
          mimeType: 'text/plain',
          buffer: Buffer.from('nope\n'),
        });
        await page.getByRole('alert').filter({ hasText: 'invalid object key' }).first().waitFor();
        const listed = await fetch(`${server.url}/api/v1/objects?prefix=bad/`);
        assert.equal(((await listed.json()) as { objects: unknown[] }).objects.length, 0);
      },
      // The browser notes the server's 400 answer in the console when the console lets it through.
      [/Failed to load resource: the server responded with a status of 400/],
    );
  });
});
