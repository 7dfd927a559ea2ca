/**
 * Driving the demo page in headless Chromium: Debian's chromium (`.ci/run` installs it; playwright-core
 * never downloads a browser of its own), pages at desktop and phone sizes, and every script error
 * and console error a page produces, collected so that a test can assert there were none.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContextOptions, chromium, type Page } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = 'test-output';

export const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
export const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  }
  mkdirSync(OUTPUT, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
};

/**
 * The browser's own report of a request that failed or was answered with an error status (a
 * refused WebSocket, a 404 from the REST API): what the network did, not an error of the page's
 * script, which is what the tests look for.
 */
const NETWORK_REPORT = /^(Failed to load resource|WebSocket connection to .* failed)/;

export interface DemoPage {
  page: Page;
  /** The page's uncaught errors (unhandled rejections among them) and console errors so far. */
  errors: string[];
}

/**
 * A new page (in a browser context of its own) at `url`, its errors collected from before it
 * loads; `prepare` runs before it loads too (to route or count its requests).
 */
export const openDemo = async (
  browser: Browser,
  url: string,
  size: BrowserContextOptions,
  prepare?: (page: Page) => Promise<unknown>,
): Promise<DemoPage> => {
  const context = await browser.newContext(size);
  const page = await context.newPage();
  await prepare?.(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`uncaught: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' && !NETWORK_REPORT.test(message.text())) errors.push(`console: ${message.text()}`);
  });
  await page.goto(url);
  return { page, errors };
};

/** A full-page PNG in test-output/, once the highlights of the last pushes have played out. */
export const screenshot = async (page: Page, name: string): Promise<void> => {
  await page.waitForFunction('!document.querySelector(".flash, .leaving, [data-activity]")');
  await page.mouse.move(0, 0); // no hover on what the test clicked last
  await page.screenshot({ path: join(OUTPUT, `${name}.png`), fullPage: true });
};

/** Whether the page is wider than its viewport (something would be cut off, or scroll sideways). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  // A string, run in the page: the test's own TypeScript knows no DOM.
  page.evaluate<boolean>('document.documentElement.scrollWidth > document.documentElement.clientWidth');

/** The connection badge's state (`live`, `offline`, `unknown-context`, ...), once it has it. */
export const badge = (page: Page, state: string) => page.locator(`#state[data-state="${state}"]`);
