import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  badge,
  DESKTOP,
  type DemoPage,
  launchBrowser,
  openDemo,
  PHONE,
  screenshot,
  scrollsSideways,
} from '../support/demoBrowser';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

let runtime: RuntimeProcess;
let browser: Browser;
const opened: DemoPage[] = [];

beforeAll(async () => {
  // As `npm start` runs it: auth on, the dev token (admin in every context listed) in the page.
  // One context per test, so that each starts from nothing.
  runtime = await startRuntimeProcess({
    CAIRN_AUTH: 'on',
    CAIRN_CONTEXTS: 'default,fresh,errors',
    CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-demo-')),
  });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const open = async (context: string, size: typeof DESKTOP): Promise<Page> => {
  const demo = await openDemo(browser, `${runtime.url}/?context=${context}`, size);
  opened.push(demo);
  await badge(demo.page, 'live').waitFor();
  return demo.page;
};

/** What every test ends with: no page threw, none logged an error. */
const expectNoPageErrors = () => expect(opened.flatMap((demo) => demo.errors)).toEqual([]);

const createList = async (page: Page, title: string) => {
  await page.getByLabel('New list title').fill(title);
  await page.getByRole('button', { name: 'Create' }).click();
  await page.locator('#title', { hasText: title }).waitFor();
};

const row = (page: Page, text: string) => page.locator('li.todo:not(.leaving)', { hasText: text });

const addTodo = async (page: Page, text: string, priority: 'low' | 'normal' | 'high' = 'normal') => {
  await page.getByLabel('New todo').fill(text);
  await page.getByLabel('Priority').selectOption(priority);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await row(page, text).waitFor();
};

describe('the demo page in a real browser', () => {
  it('says what to do in a context without lists, at desktop and phone sizes', async () => {
    for (const [size, name] of [
      [DESKTOP, 'desktop'],
      [PHONE, 'phone'],
    ] as const) {
      const page = await open('fresh', size);
      await page.getByText('No lists yet — create one above.').waitFor();
      // Side by side, the list's panel says how to fill it; stacked on a phone it is left out.
      const placeholder = page.getByText('Pick a list, or create one, to see its todos here.');
      expect(await placeholder.isVisible()).toBe(size === DESKTOP);
      expect(await page.locator('#context-picker').inputValue()).toBe('fresh');
      expect(await page.getByLabel('New list title').getAttribute('placeholder')).toBe('New list, e.g. Groceries');
      expect(await scrollsSideways(page)).toBe(false);
      await screenshot(page, `demo-empty-${name}`);
    }
    // A list asked for that the context does not have says so, rather than "Opening…" for ever.
    const page = await open('fresh&list=gone', DESKTOP);
    await page.locator('#title', { hasText: 'List not found' }).waitFor();
    expect(await page.locator('#counts').textContent()).toBe("No list 'gone' in context 'fresh'. Pick another one.");
    expect(await page.locator('#new-todo').isHidden()).toBe(true);
    expectNoPageErrors();
  });

  it('does every command of a todo list through the page, each pushed live to a second window', async () => {
    const a = await open('default', DESKTOP);
    const b = await open('default', PHONE);

    await createList(a, 'Groceries');
    // B's list of lists gains it, highlighted as news; B opens it.
    await b.locator('#lists li.flash', { hasText: 'Groceries' }).waitFor();
    await b.getByRole('button', { name: 'Groceries, no todos' }).click();
    await b.locator('#title', { hasText: 'Groceries' }).waitFor();
    await b.getByText('Nothing to do yet — add the first todo above.').waitFor();

    // Added in A, with their priorities: each appears in B highlighted, and B's badge rings.
    const pushed = b.locator('#state[data-activity="push"]').waitFor();
    await addTodo(a, 'Milk');
    await pushed;
    await row(b, 'Milk').and(b.locator('.flash')).waitFor();
    await addTodo(a, 'Coffee beans', 'high');
    await addTodo(a, 'Batteries', 'low');
    await addTodo(a, 'Ask the neighbours whether they need anything from the market on Saturday');
    await addTodo(a, 'Stamps');
    await row(b, 'Coffee beans').locator('.chip.high', { hasText: 'High' }).waitFor();
    await row(b, 'Batteries').locator('.chip.low', { hasText: 'Low' }).waitFor();
    expect(await row(b, 'Milk').locator('.chip').isHidden()).toBe(true); // normal priority says nothing
    await b.locator('#counts', { hasText: '5 open, 0 done' }).waitFor();

    // Completed in B, seen done in A; reopened in A, seen open in B.
    await b.getByRole('checkbox', { name: 'Milk' }).check();
    await a.locator('li.todo.done.flash', { hasText: 'Milk' }).waitFor();
    await a.locator('#counts', { hasText: '4 open, 1 done' }).waitFor();
    await a.getByRole('checkbox', { name: 'Milk' }).uncheck();
    await row(b, 'Milk').and(b.locator('.flash:not(.done)')).waitFor();
    await b.getByRole('checkbox', { name: 'Coffee beans' }).check();
    await a.locator('li.todo.done', { hasText: 'Coffee beans' }).waitFor();

    // Renamed in A: B's title and list of lists follow.
    await a.getByRole('button', { name: 'Rename' }).click();
    await a.getByLabel('List title', { exact: true }).fill('Weekend shopping');
    await a.getByRole('button', { name: 'Save' }).click();
    await b.locator('#title.flash', { hasText: 'Weekend shopping' }).waitFor();
    await b.getByRole('button', { name: 'Weekend shopping, 4 open · 1 done' }).waitFor();

    // Removed in B: gone from A.
    await b.getByRole('button', { name: 'Remove “Stamps”' }).click();
    await row(a, 'Stamps').waitFor({ state: 'detached' });
    await a.locator('#counts', { hasText: '3 open, 1 done' }).waitFor();
    expect(await a.locator('#version').textContent()).toBe('version 11');

    for (const page of [a, b]) expect(await scrollsSideways(page)).toBe(false);
    await screenshot(a, 'demo-list-desktop');
    await screenshot(b, 'demo-list-phone');
    await a.emulateMedia({ colorScheme: 'dark' });
    await screenshot(a, 'demo-list-desktop-dark');
    await a.emulateMedia({ colorScheme: 'light' });

    // Archived in A, after a confirmation: B shows it read-only, among the archived lists.
    await a.getByRole('button', { name: 'Archive list…' }).click();
    await a.getByRole('button', { name: 'Archive', exact: true }).click();
    await b.getByText('This list is archived: it can be read, no longer changed.').waitFor();
    expect(await b.locator('#new-todo').isHidden()).toBe(true);
    expect(await b.getByRole('checkbox', { name: 'Milk' }).isDisabled()).toBe(true);
    await b
      .locator('#archived-lists')
      .getByRole('button', { name: /^Weekend shopping/ })
      .waitFor();
    expect(await b.locator('#lists li:not(.leaving)').count()).toBe(0);
    await b.getByText('No open lists — create one above.').waitFor();
    await screenshot(b, 'demo-archived-phone');
    expectNoPageErrors();
  });

  it('says in words which field the runtime refused, and explains a version conflict', async () => {
    const a = await open('errors', DESKTOP);
    const b = await open('errors', PHONE);

    // The page leaves checking to the runtime: an empty title goes, and is refused, field named.
    await a.getByRole('button', { name: 'Create' }).click();
    const createError = a.locator('#new-list .form-error');
    await createError.getByText('The title cannot be empty (spaces alone do not count).').waitFor();
    expect(await createError.locator('small').textContent()).toBe('VALIDATION_FAILED · payload.title');
    expect(await a.getByLabel('New list title').getAttribute('aria-invalid')).toBe('true');
    await createList(a, 'Errands');
    expect(await a.getByLabel('New list title').getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => createError.textContent()).toBe('');

    for (const [page, name] of [
      [a, 'desktop'],
      [b, 'phone'],
    ] as const) {
      if (page === b) await b.getByRole('button', { name: 'Errands, no todos' }).click();
      await page.getByLabel('New todo').fill('   ');
      await page.getByRole('button', { name: 'Add', exact: true }).click();
      await page
        .locator('#new-todo .form-error')
        .getByText('The todo cannot be empty (spaces alone do not count).')
        .waitFor();
      expect(await page.getByLabel('New todo').getAttribute('aria-invalid')).toBe('true');
      expect(await page.evaluate('document.activeElement.id')).toBe('new-todo-text');
      expect(await scrollsSideways(page)).toBe(false);
      await screenshot(page, `demo-error-${name}`);
    }

    // A starts renaming at version 1; B adds a todo meanwhile; A's rename is refused and explained,
    // and a second Save, now against what A sees, renames.
    await a.getByRole('button', { name: 'Rename' }).click();
    await addTodo(b, 'Post the letter');
    await row(a, 'Post the letter').waitFor();
    await a.getByLabel('List title', { exact: true }).fill('Errands for Monday');
    await a.getByRole('button', { name: 'Save' }).click();
    await a
      .locator('#rename-form .form-error')
      .getByText(
        'Someone else changed this list while you were at it (it is at version 2 now; you were looking at version 1). Look it over, then try again.',
      )
      .waitFor();
    await a.getByRole('button', { name: 'Save' }).click();
    await b.locator('#title', { hasText: 'Errands for Monday' }).waitFor();
    expect(await a.locator('#rename-form').isHidden()).toBe(true);
    expectNoPageErrors();
  });
});
