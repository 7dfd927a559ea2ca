import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mintToken } from '#adapters/auth/hs256Tokens';
import { badge, DESKTOP, type DemoPage, launchBrowser, openDemo, PHONE, screenshot } from '../support/demoBrowser';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

/** The runtimes' JWT secret, so that the tests can mint tokens the runtime accepts. */
const SECRET = 'demo-states-secret-0123456789abcdef';
const runtimeEnv = (dataDir: string) => ({ CAIRN_AUTH: 'on', CAIRN_JWT_SECRET: SECRET, CAIRN_DATA_DIR: dataDir });

let runtime: RuntimeProcess;
let browser: Browser;
const opened: DemoPage[] = [];

beforeAll(async () => {
  runtime = await startRuntimeProcess(runtimeEnv(mkdtempSync(join(tmpdir(), 'cairn-demo-states-'))));
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const open = async (url: string, size: typeof DESKTOP, prepare?: (page: Page) => Promise<unknown>) => {
  const demo = await openDemo(browser, url, size, prepare);
  opened.push(demo);
  return demo.page;
};

/** Counts the WebSockets the page opens: a page that gave up opens no more. */
const countSockets = (counter: { sockets: number }) => async (page: Page) => {
  page.on('websocket', () => {
    counter.sockets += 1;
  });
};

/**
 * The page with `token` in place of the dev token (none: no token at all), swapped as the page is
 * parsed. Not by routing the page: Chromium then counts it as a public page, and its local
 * network access checks block its socket to 127.0.0.1.
 */
const withToken = (token: string | undefined) => (page: Page) =>
  // Run in the page before its own script, as the document is parsed.
  page.addInitScript(`
    new MutationObserver((_, observer) => {
      const meta = document.querySelector('meta[name="cairn-token"]');
      if (!meta) return;
      ${token ? `meta.content = ${JSON.stringify(token)};` : 'meta.remove();'}
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  `);

const expectGaveUp = async (page: Page, counter: { sockets: number }, state: string) => {
  const sockets = counter.sockets;
  // The client backs off 250 ms, then 500 ms, ...: within 3 s a page still trying would try again.
  await page.waitForTimeout(3000);
  expect(counter.sockets).toBe(sockets);
  expect(await badge(page, state).count()).toBe(1);
  expect(await page.locator('#workspace').isHidden()).toBe(true);
};

describe('the demo page says what state it is in', () => {
  it('shows an unknown context as such, and stops trying to connect to it', async () => {
    for (const [size, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const counter = { sockets: 0 };
      const page = await open(`${runtime.url}/?context=nope`, size, countSockets(counter));
      await badge(page, 'unknown-context').waitFor();
      expect(await page.locator('#state-text').textContent()).toBe('Unknown context');
      await page.getByRole('heading', { name: "Unknown context 'nope'" }).waitFor();
      // The runtime's contexts are offered instead (the dev token may list them).
      await page.locator('#unavailable').getByRole('link', { name: 'default' }).waitFor();
      expect(await page.locator('#context-picker').inputValue()).toBe('nope');
      await expectGaveUp(page, counter, 'unknown-context');
      await screenshot(page, `demo-unknown-context-${name}`);
    }
    expect(opened.flatMap((demo) => demo.errors)).toEqual([]);
  });

  it('says so when the page has no token, and when its token may only read', async () => {
    const counter = { sockets: 0 };
    const anonymous = await open(runtime.url, DESKTOP, async (page) => {
      await withToken(undefined)(page);
      await countSockets(counter)(page);
    });
    await badge(anonymous, 'unauthenticated').waitFor();
    await anonymous.getByRole('heading', { name: 'Not signed in' }).waitFor();
    await expectGaveUp(anonymous, counter, 'unauthenticated');

    const reader = await mintToken(new TextEncoder().encode(SECRET), { subject: 'ro', roles: { default: 'reader' } });
    const page = await open(runtime.url, DESKTOP, withToken(reader));
    await badge(page, 'live').waitFor();
    // The contexts cannot be listed with it: the context is shown, not offered.
    expect(await page.locator('#context code').textContent()).toBe('default');
    await page.getByLabel('New list title').fill('Not mine to make');
    await page.getByRole('button', { name: 'Create' }).click();
    await page
      .locator('#new-list .form-error')
      .getByText("Your token does not allow this in context 'default': changing lists needs the writer role there.")
      .waitFor();
    expect(opened.flatMap((demo) => demo.errors)).toEqual([]);
  });

  it('shows a stopped runtime as offline, refuses to send without an unhandled error, and comes back', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cairn-demo-stop-'));
    let own = await startRuntimeProcess(runtimeEnv(dataDir));
    try {
      const pages: DemoPage[] = [];
      for (const size of [DESKTOP, PHONE]) pages.push(await openDemo(browser, own.url, size));
      const [desktop, phone] = pages.map((demo) => demo.page) as [Page, Page];
      for (const page of [desktop, phone]) await badge(page, 'live').waitFor();
      await desktop.getByLabel('New list title').fill('Packed before the stop');
      await desktop.getByRole('button', { name: 'Create' }).click();
      await phone.getByRole('button', { name: 'Packed before the stop, no todos' }).waitFor();

      await own.stop();
      for (const page of [desktop, phone]) {
        await badge(page, 'offline').waitFor();
        await page
          .getByRole('alert')
          .getByText(`Cannot reach the runtime at ${new URL(own.url).host}.`)
          .waitFor();
        await page.getByLabel('New list title').fill('Packed after the stop');
        await page.getByRole('button', { name: 'Create' }).click();
        await page
          .locator('#new-list .form-error')
          .getByText('Cannot reach the runtime, so nothing was sent.', { exact: false })
          .waitFor();
      }
      await screenshot(desktop, 'demo-offline-desktop');
      await screenshot(phone, 'demo-offline-phone');

      // Back on the same port and data: the pages reconnect by themselves, and can send again.
      own = await startRuntimeProcess({ ...runtimeEnv(dataDir), PORT: new URL(own.url).port });
      for (const page of [desktop, phone]) await badge(page, 'live').waitFor({ timeout: 20_000 });
      expect(await desktop.locator('#banner').isHidden()).toBe(true);
      await desktop.getByRole('button', { name: 'Create' }).click();
      await phone.getByRole('button', { name: 'Packed after the stop, no todos' }).waitFor();
      expect(pages.flatMap((demo) => demo.errors)).toEqual([]);
    } finally {
      await own.stop();
    }
  }, 90_000);
});
