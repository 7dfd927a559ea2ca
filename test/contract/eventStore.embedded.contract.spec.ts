import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedEventStore } from '#adapters/embedded/embeddedEventStore';
import { eventStoreContract } from './eventStore.contract';
import { eventStoreSchemaVersionContract, type LegacyCommits } from './eventStoreSchemaVersions.contract';

// File-backed, as `npm start` runs it.
const store = new EmbeddedEventStore({ dataDir: mkdtempSync(join(tmpdir(), 'cairn-contract-')) });

eventStoreContract('embedded (file-backed)', () => ({
  eventStore: store,
  catalog: store.catalog,
  ledger: store,
  snapshots: store.snapshotStore,
}));

/** Each legacy stream in a data directory of its own, whose log starts with its commit's line. */
const logs = new Map<string, string>();
const legacy: LegacyCommits = {
  async write(streamKey, events) {
    const dir = mkdtempSync(join(tmpdir(), 'cairn-legacy-'));
    // The log line the store wrote before schema versions: the commit entry, events without one.
    const entry = {
      kind: 'commit',
      streamKey,
      baseVersion: 0,
      events: events.map((event, index) => ({ type: event.type, version: index + 1, data: event.data })),
      committedAt: '2026-01-01T00:00:00.000Z',
      commandId: randomUUID(),
      fingerprint: 'fp',
    };
    const path = join(dir, 'events.jsonl');
    writeFileSync(path, `${JSON.stringify(entry)}\n`);
    logs.set(streamKey, path);
    return new EmbeddedEventStore({ dataDir: dir });
  },
  async stored(streamKey) {
    return readFileSync(logs.get(streamKey) ?? '', 'utf8').split('\n')[0];
  },
};

eventStoreSchemaVersionContract('embedded (file-backed)', () => ({ eventStore: store, legacy }));
