import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every file of a data directory with its content, for byte-for-byte comparisons. */
export const dataFiles = (dir: string): Record<string, string> =>
  Object.fromEntries(readdirSync(dir).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));

/** The files once nothing has changed them for 300 ms (the event flow of earlier requests may still be writing). */
export const quietDataFiles = async (dir: string): Promise<Record<string, string>> => {
  for (let previous = dataFiles(dir); ; ) {
    await new Promise((done) => setTimeout(done, 300));
    const current = dataFiles(dir);
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
};
