/**
 * Events stored before schema versions, on the embedded store: a data directory whose log holds a
 * todo list as the code of then wrote it, under the runtime as `npm start` wires it. It serves the
 * list in the newest shape everywhere and never rewrites the stored line.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embeddedAdapters, embeddedProjectionAdapters } from '#runtime/embeddedAdapters';
import { type LocalRuntime, startLocalRuntime } from '../../local/runtime';
import { expectLegacyListServedUpcast, LEGACY_STREAM, legacyEvents } from '../support/legacyTodoList';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-upcasting-'));
const log = join(dataDir, 'events.jsonl');
// The commit's log line as the embedded store wrote it before schema versions.
const legacyLine = `${JSON.stringify({
  kind: 'commit',
  streamKey: LEGACY_STREAM,
  baseVersion: 0,
  events: legacyEvents.map((event, index) => ({ type: event.type, version: index + 1, data: event.data })),
  committedAt: '2026-01-01T00:00:00.000Z',
  commandId: randomUUID(),
  fingerprint: 'fp-legacy',
})}\n`;

let runtime: LocalRuntime;
let stores: { close: () => void }[] = [];
beforeAll(async () => {
  writeFileSync(log, legacyLine);
  const adapters = embeddedAdapters({ dataDir });
  const projectionAdapters = embeddedProjectionAdapters({ dataDir });
  stores = [adapters, projectionAdapters];
  runtime = await startLocalRuntime({ port: 0, adapters, projectionAdapters, log: () => {} });
});
afterAll(async () => {
  await runtime?.close();
  for (const store of stores) store.close();
});

/** The log's commit entries of the legacy stream, as written. */
const commits = () =>
  readFileSync(log, 'utf8')
    .split('\n')
    .filter((line) => line.includes(`"streamKey":"${LEGACY_STREAM}"`) && line.startsWith('{"kind":"commit"'))
    .map((line) => JSON.parse(line) as { events: { schemaVersion?: number }[] });

describe('a todo list stored before schema versions, on the embedded store', () => {
  it('is served in the newest shape by the events endpoint, the views, a rebuild and the next command', async () => {
    await expectLegacyListServedUpcast(runtime.url, async () => readFileSync(log, 'utf8').slice(0, legacyLine.length));
  });

  it('keeps its line byte for byte, and the commit after it says its schema versions', () => {
    expect(readFileSync(log, 'utf8').startsWith(legacyLine)).toBe(true);
    expect(commits().map((commit) => commit.events.map((event) => event.schemaVersion))).toEqual([
      [undefined, undefined],
      [2],
    ]);
  });
});
