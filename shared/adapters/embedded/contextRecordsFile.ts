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
import { ContextExistsError, type ContextRecord, type ContextStore } from '#ports/contextStore';

/**
 * The context records in `<dataDir>/contexts.json`, replaced whole on each change (written to a
 * temporary file, flushed, renamed), so a crash leaves the old list or the new one. In memory
 * without a data directory.
 *
 * Each call reads the file afresh and does its read-modify-write synchronously: within a process
 * no two calls interleave, so the conditional create holds; and a second process sharing the
 * directory (CAIRN_STORE=aws takes no lock on it) sees the other's writes on its next call.
 */
export const contextRecordsFile = (dataDir: string | undefined): ContextStore => {
  let memory: ContextRecord[] = [];
  const path = dataDir && join(dataDir, 'contexts.json');
  const load = (): ContextRecord[] => {
    // Copies, as the file gives: a caller's change to a record is no change to the store.
    if (!path) return memory.map((record) => ({ ...record }));
    return existsSync(path) ? parseRecords(path, readFileSync(path, 'utf8')) : [];
  };
  const save = (records: ContextRecord[]): void => {
    if (!dataDir || !path) {
      memory = records;
      return;
    }
    // The directory may not exist yet (CAIRN_STORE=aws keeps no other file there); the temporary
    // name is per process, so two runtimes sharing a directory never write into each other's.
    mkdirSync(dataDir, { recursive: true });
    const temporary = `${path}.${process.pid}.tmp`;
    const fd = openSync(temporary, 'w');
    try {
      writeSync(fd, `${JSON.stringify(records, null, 2)}\n`);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  };
  return {
    list: async () => [...load()].sort((a, b) => a.name.localeCompare(b.name)),
    get: async (name) => load().find((record) => record.name === name),
    create: async (record) => {
      const records = load();
      const existing = records.find((candidate) => candidate.name === record.name);
      if (existing) throw new ContextExistsError(existing);
      save([...records, { ...record }]);
    },
    retire: async (name, at) => {
      const records = load();
      const existing = records.find((record) => record.name === name);
      if (!existing || existing.state === 'retired') return existing;
      const retired: ContextRecord = { ...existing, state: 'retired', retiredAt: at.toISOString() };
      save(records.map((record) => (record === existing ? retired : record)));
      return retired;
    },
  };
};

/** The file's records; anything else is a damaged file, named in the error. */
const parseRecords = (path: string, text: string): ContextRecord[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new Error(`${path} is not valid JSON`, { cause: error });
  }
  if (!Array.isArray(parsed) || !parsed.every(isRecord)) {
    throw new Error(`${path} is not a list of context records`);
  }
  return parsed;
};

const isRecord = (value: unknown): value is ContextRecord => {
  if (typeof value !== 'object' || value === null) return false;
  const { name, state, createdAt, retiredAt } = value as Record<string, unknown>;
  return (
    typeof name === 'string' &&
    (state === 'active' || state === 'retired') &&
    typeof createdAt === 'string' &&
    (retiredAt === undefined || typeof retiredAt === 'string')
  );
};
