import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { type Browser, chromium, type Page } from 'playwright-core';

import { DEFAULT_WEB_DIST } from '../../src/api/index.js';

/** Debian's Chromium (apt-get install chromium); playwright-core downloads no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const SCREENSHOTS = fileURLToPath(new URL('../../artifacts/screenshots/', import.meta.url));

/** Why browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(webDist = DEFAULT_WEB_DIST): string | undefined {
  if (!existsSync(CHROMIUM_PATH))
    return `no Chromium at ${CHROMIUM_PATH} (apt-get install chromium to run the browser tests)`;
  if (!existsSync(join(webDist, 'index.html')))
    return `the web console is not built (no ${join(webDist, 'index.html')}; run npx vite build web)`;
  return undefined;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // No sandbox: CI runs as root in a container. The rest keeps Chromium from phoning home.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface PageOptions {
  /** Console errors a test provokes on purpose (e.g. the browser's note about a 400 response). */
  readonly allowErrors?: readonly RegExp[];
}

/**
 * Runs `body` on a page in a fresh context (no shared cache or storage), then saves a screenshot to
 * artifacts/screenshots/<test name>.png, pass or fail, and fails if the page logged an error.
 */
export async function withPage(
  browser: Browser,
  baseURL: string,
  testName: string,
  body: (page: Page) => Promise<void>,
  options: PageOptions = {},
): Promise<void> {
  const context = await browser.newContext({ baseURL, viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  // Teardown (streams aborted by closing the context) is not the page's fault.
  let closing = false;
  page.on('console', (message) => {
    const url = message.location().url;
    if (message.type() === 'error' && !closing) errors.push(`console: ${message.text()} (${url})`);
  });
  page.on('pageerror', (error) => {
    if (!closing) errors.push(`page error: ${error.stack ?? error.message}`);
  });
  try {
    await body(page);
  } catch (err) {
    if (errors.length > 0) console.log(`browser errors during "${testName}":\n${errors.join('\n')}`);
    throw err;
  } finally {
    await mkdir(SCREENSHOTS, { recursive: true });
    await page
      .screenshot({ path: join(SCREENSHOTS, `${slug(testName)}.png`), fullPage: true })
      .catch(() => {});
    closing = true;
    await context.close();
  }
  const unexpected = errors.filter((e) => !options.allowErrors?.some((allowed) => allowed.test(e)));
  if (unexpected.length > 0) throw new Error(`the page logged errors:\n${unexpected.join('\n')}`);
}

const slug = (name: string) =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80) || 'test';
