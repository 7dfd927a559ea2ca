import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contextRecordsFile } from '../../shared/adapters/embedded/contextRecordsFile';
import { ContextCatalog } from '../../shared/application/contextCatalog';

const now = () => new Date('2026-11-23T10:00:00Z');

describe('the context catalog', () => {
  it('keeps its records in a data directory it creates, across restarts, with the live set in step', () => {
    // A directory nobody created yet: CAIRN_STORE=aws keeps no other file in it.
    const dataDir = join(mkdtempSync(join(tmpdir(), 'cairn-contexts-')), 'not-yet');
    const first = new ContextCatalog(contextRecordsFile(dataDir), ['default'], now);
    first.create('shop', now());
    first.retire('default', now());
    expect([...first.active]).toEqual(['shop']);

    const second = new ContextCatalog(contextRecordsFile(dataDir), ['default'], now);
    expect(second.list().map((record) => [record.name, record.state])).toEqual([
      ['default', 'retired'],
      ['shop', 'active'],
    ]);
    expect([...second.active]).toEqual(['shop']);
    expect(() => second.create('default', now())).toThrow(/retired; names are not reused/);
    expect(second.retire('default', now()).state).toBe('retired');
  });
});
