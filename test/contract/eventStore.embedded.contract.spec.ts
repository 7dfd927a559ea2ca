import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { eventStoreContract } from './eventStore.contract';

// File-backed, as `npm start` runs it.
const store = new EmbeddedEventStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-contract-')) });

eventStoreContract('embedded (file-backed)', () => ({
  eventStore: store,
  catalog: store.catalog,
  ledger: store,
  snapshots: store.snapshotStore,
}));
