import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { ContextRecord, ContextRecordStore } from '../../application/contextCatalog';

/**
 * The context records in `<dataDir>/contexts.json`, replaced whole on each change (written to a
 * temporary file, flushed, renamed), so a crash leaves the old list or the new one. In memory
 * without a data directory.
 */
export const contextRecordsFile = (dataDir: string | undefined): ContextRecordStore => {
  let memory: ContextRecord[] = [];
  if (!dataDir) {
    return {
      load: () => memory,
      save: (records) => {
        memory = [...records];
      },
    };
  }
  const path = join(dataDir, 'contexts.json');
  return {
    load: () => (existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ContextRecord[]) : []),
    save: (records) => {
      // The directory may not exist yet (CAIRN_STORE=aws keeps no other file there); the temporary
      // name is per process, so two runtimes sharing a directory never write into each other's.
      mkdirSync(dataDir, { recursive: true });
      const temporary = `${path}.${process.pid}.tmp`;
      const fd = openSync(temporary, 'w');
      writeSync(fd, `${JSON.stringify(records, null, 2)}\n`);
      fdatasyncSync(fd);
      closeSync(fd);
      renameSync(temporary, path);
    },
  };
};
