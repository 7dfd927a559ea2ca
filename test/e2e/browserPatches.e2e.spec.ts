/**
 * The browser client in real Chromium, on the pushes as they arrive: a change pushed as a JSON
 * Patch is applied to the view the page holds and shown; a patch whose base the page does not
 * hold (a frame lost on the way: the test drops one) makes it fetch the view, and it shows that.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

let runtime: RuntimeProcess;
let browser: Browser;
let clientScript: string;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-patches-')) });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const bundled = await build({
    entryPoints: ['web/cairnClient.ts'],
    bundle: true,
    format: 'iife',
    globalName: 'Cairn',
    write: false,
  });
  clientScript = bundled.outputFiles[0]?.text ?? '';
});
afterAll(async () => {
  await browser?.close();
  await runtime?.stop();
});

const command = (type: string, payload: unknown) =>
  postJson(`${runtime.url}/v1/default/commands`, { type, aggregateId: 'patched', payload });

/** A page on the runtime's origin (fetches need no CORS) that shows the list; with the frames the server sent it. */
const openPage = async (): Promise<{
  page: Page;
  frames: { type: string; version: number }[];
  dropNext: () => void;
}> => {
  const page = await browser.newPage();
  const frames: { type: string; version: number }[] = [];
  let drop = false;
  await page.routeWebSocket(/\/ws/, (socket) => {
    const server = socket.connectToServer();
    socket.onMessage((message) => server.send(message));
    server.onMessage((message) => {
      const frame = JSON.parse(String(message));
      frames.push(frame);
      // One push lost on the way: the next patch's base is then a version the page never saw.
      if (drop && frame.type === 'viewPatch') drop = false;
      else socket.send(message);
    });
  });
  // A page the runtime serves (Chromium's local-network checks refuse sockets from a page faked by
  // page.route), emptied: the demo's own script would subscribe too.
  await page.goto(`${runtime.url}/health`);
  await page.setContent('<ul id="todos"></ul><p id="version"></p>');
  await page.addScriptTag({ content: clientScript });
  // Page code as the page runs it (this file is typed for Node, without the DOM).
  await page.addScriptTag({
    content: `
      const client = new Cairn.CairnClient({ baseUrl: ${JSON.stringify(runtime.url)}, context: 'default' });
      client.subscribe('todoList', 'patched', (view) => {
        const items = view.data.todos.map((todo) => {
          const item = document.createElement('li');
          item.textContent = todo.text + (todo.done ? ' (done)' : '');
          return item;
        });
        document.getElementById('todos').replaceChildren(...items);
        document.getElementById('version').textContent = 'version ' + view.version;
      });`,
  });
  const dropNext = () => {
    drop = true;
  };
  return { page, frames, dropNext };
};

describe('JSON Patch pushes in a real browser', () => {
  it('applies a pushed patch to the view it holds, and fetches the view on a gap', async () => {
    await command('CreateTodoList', { title: 'Patched' });
    const { page, frames, dropNext } = await openPage();
    const fetches: string[] = [];
    page.on('request', (request) => {
      if (request.url().includes('/views/todoList/patched')) fetches.push(request.url());
    });
    await page.locator('#version', { hasText: 'version 1' }).waitFor();

    await command('AddTodo', { todoId: 'milk', text: 'Milk' });
    await command('AddTodo', { todoId: 'eggs', text: 'Eggs' });
    await command('CompleteTodo', { todoId: 'milk' });
    await page.locator('#version', { hasText: 'version 4' }).waitFor();
    expect(await page.locator('#todos li').allTextContents()).toEqual(['Milk (done)', 'Eggs']);
    expect(frames.filter((frame) => frame.type === 'viewPatch').map((frame) => frame.version)).toEqual([2, 3, 4]);
    expect(fetches).toEqual([]);

    dropNext();
    await command('AddTodo', { todoId: 'bread', text: 'Bread' }); // its patch is lost
    await command('AddTodo', { todoId: 'jam', text: 'Jam' }); // based on version 5: the page holds 4
    await page.locator('#version', { hasText: 'version 6' }).waitFor();
    expect(fetches).toHaveLength(1);
    const rest = await getJson(`${runtime.url}/v1/default/views/todoList/patched`);
    expect(await page.locator('#todos li').allTextContents()).toEqual(
      rest.json.data.todos.map((todo: { text: string; done: boolean }) => `${todo.text}${todo.done ? ' (done)' : ''}`),
    );
    expect(await page.locator('#todos li').allTextContents()).toEqual(['Milk (done)', 'Eggs', 'Bread', 'Jam']);
    await page.close();
  }, 60_000);
});
