import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

/** Debian's chromium (`.ci/run` installs it); playwright-core never downloads a browser of its own. */
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const OUTPUT = 'test-output';

let runtime: RuntimeProcess;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`No browser at ${CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH`);
  // As `npm start` runs it: auth on, the dev token handed to the demo page.
  runtime = await startRuntimeProcess({
    CAIRN_AUTH: 'on',
    CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-browser-')),
  });
  browser = await chromium.launch({
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
  mkdirSync(OUTPUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

describe('the demo page in a real browser', () => {
  it('shows a todo added in one window in the other, live', async () => {
    const [a, b] = [await browser.newPage(), await browser.newPage()];
    for (const page of [a, b]) {
      await page.goto(runtime.url);
      await page.locator('#state[data-state="open"]').waitFor();
    }
    await a.getByLabel('New list title').fill('Groceries');
    await a.getByRole('button', { name: 'Create' }).click();
    await a.locator('#title', { hasText: 'Groceries' }).waitFor();

    // B sees the new list appear in its lists panel, and opens it.
    await b.getByRole('button', { name: /Groceries \(0 open, 0 done\)/ }).click();
    await b.locator('#title', { hasText: 'Groceries' }).waitFor();

    await a.getByLabel('New todo').fill('Milk');
    await a.getByRole('button', { name: 'Add' }).click();
    await b.getByLabel('Milk').waitFor({ timeout: 5000 });
    expect(await b.locator('#counts').textContent()).toBe('1 open, 0 done');

    // And back: B completes it, A sees it done.
    await b.getByLabel('Milk').check();
    await a.locator('li.done', { hasText: 'Milk' }).waitFor({ timeout: 5000 });
    expect(await a.locator('#counts').textContent()).toBe('0 open, 1 done');
    expect(await a.locator('#version').textContent()).toBe('version 3');

    await a.screenshot({ path: join(OUTPUT, 'demo-window-a.png'), fullPage: true });
    await b.screenshot({ path: join(OUTPUT, 'demo-window-b.png'), fullPage: true });
  }, 60_000);
});
