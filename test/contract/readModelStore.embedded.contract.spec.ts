import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { EmbeddedReadModelStore } from '../../shared/adapters/embedded/embeddedReadModelStore';
import { readModelStoreContract } from './readModelStore.contract';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-views-'));
const store = new EmbeddedReadModelStore({ dataDir });

readModelStoreContract('embedded (file-backed)', () => store);

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
