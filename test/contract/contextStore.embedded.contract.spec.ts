import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contextRecordsFile } from '#adapters/embedded/contextRecordsFile';
import { contextStoreContract } from './contextStore.contract';

// In a directory nobody created yet (the store creates it), and in memory.
const dataDir = join(mkdtempSync(join(tmpdir(), 'cairn-contexts-contract-')), 'not-yet');
const onDisk = contextRecordsFile(dataDir);
contextStoreContract('embedded, in a data directory', () => onDisk);

const inMemory = contextRecordsFile(undefined);
contextStoreContract('embedded, in memory', () => inMemory);
