import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data directory is held by another live process (a runtime, or a CLI reading its queues):
 * its callers each say what to do about it, so the error carries the directory and the holder.
 */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(`${dataDir} is in use by process ${ownerPid} (named in its LOCK file)`);
  }
}

/**
 * One runtime per data directory: the embedded stores assume they are the only writer.
 * A lock left by a process that is gone is taken over.
 */
export const lockDataDir = (dataDir: string): (() => void) => {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'LOCK');
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number(readFileSync(path, 'utf8'));
    if (owner !== process.pid && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
    writeFileSync(path, String(process.pid));
  }
  return () => rmSync(path, { force: true });
};

const isAlive = (pid: number): boolean => {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
