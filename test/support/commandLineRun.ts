import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import { expect } from 'vitest';

export interface Finished {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment a fresh shell gives a command: the test runner's, without the Cairn variables a
 * test did not choose (a developer's CAIRN_URL or CAIRN_DATA_DIR must not leak into a case).
 */
export const cleanEnv = (env: Record<string, string | undefined>): NodeJS.ProcessEnv => {
  const clean: NodeJS.ProcessEnv = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith('CAIRN_') && name !== 'PORT' && name !== 'HOST'),
  );
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined) delete clean[name];
    else clean[name] = value;
  }
  return clean;
};

/** Runs a program to its end as a user would from the repository's root, and keeps what it printed. */
export const runToEnd = (
  file: string,
  args: readonly string[],
  env: Record<string, string | undefined>,
  timeoutMs = 30_000,
): Promise<Finished> =>
  new Promise((resolve) => {
    execFile(file, args, { env: cleanEnv(env), timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });

/** `node cli/cairn.mjs …`, the program behind `npx cairn`. */
export const cairn = (args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Finished> =>
  runToEnd(process.execPath, ['cli/cairn.mjs', ...args], env);

/**
 * What every mistake must give: the exit status, nothing on stdout, and exactly one line on stderr,
 * which is no stack frame and names what is at fault.
 */
export const expectOneLine = (finished: Finished, code: number, names: RegExp): string => {
  const { stderr, stdout } = finished;
  const context = `exit ${finished.code}\nstdout: ${stdout}\nstderr: ${stderr}`;
  expect(finished.code, context).toBe(code);
  expect(stdout, context).toBe('');
  expect(stderr.endsWith('\n') && stderr.split('\n').length === 2, context).toBe(true);
  expect(stderr, context).not.toMatch(/^\s+at |node:internal|Error \[ERR_|\bError: /m);
  expect(stderr, context).toMatch(names);
  return stderr.trim();
};

/** A TCP port nothing listens on (just freed by the system): for a runtime to take, or for nothing to answer. */
export const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
