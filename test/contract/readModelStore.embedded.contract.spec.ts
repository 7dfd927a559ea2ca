import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { readModelStoreContract } from './readModelStore.contract';
import { readModelStoreChangesContract } from './readModelStoreChanges.contract';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-views-'));
const store = new EmbeddedReadModelStore({ dataDir });

readModelStoreContract('embedded (file-backed)', () => store);
readModelStoreChangesContract('embedded (file-backed)', () => store);

it('embedded read-model store: a reopened store holds the newest revision of every view', async () => {
  const view = {
    context: 'c',
    projection: 'todoList',
    key: 'reopen',
    version: 1,
    revision: 1,
    sources: {},
    data: { n: 1 },
    updatedAt: '2026-01-01T00:00:00.000Z',
  };
  await store.put(view, 0);
  await store.put({ ...view, revision: 2, data: { n: 2 } }, 1);
  const reopened = new EmbeddedReadModelStore({ dataDir });
  expect(await reopened.get('c', 'todoList', 'reopen')).toMatchObject({ revision: 2, data: { n: 2 } });
  reopened.close();
});

it('embedded read-model store: compacts a mostly stale log on open and keeps every view', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-views-compact-'));
  const writer = new EmbeddedReadModelStore({ dataDir: dir });
  const base = { context: 'c', projection: 'p', sources: {}, updatedAt: '2026-01-01T00:00:00.000Z' };
  for (let key = 0; key < 3; key++) {
    for (let revision = 1; revision <= 600; revision++) {
      await writer.put({ ...base, key: `k${key}`, version: revision, revision, data: { revision } }, revision - 1);
    }
  }
  writer.close();
  const lines = () => readFileSync(join(dir, 'views.jsonl'), 'utf8').trim().split('\n').length;
  expect(lines()).toBe(1800);
  const reopened = new EmbeddedReadModelStore({ dataDir: dir });
  expect(lines()).toBe(3);
  await reopened.put({ ...base, key: 'k0', version: 601, revision: 601, data: { revision: 601 } }, 600);
  reopened.close();
  const again = new EmbeddedReadModelStore({ dataDir: dir });
  expect((await again.get('c', 'p', 'k0'))?.data).toEqual({ revision: 601 });
  expect((await again.get('c', 'p', 'k2'))?.revision).toBe(600);
  again.close();
});
