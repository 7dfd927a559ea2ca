import { type ChildProcess, spawn } from 'node:child_process';

export interface RuntimeProcess {
  url: string;
  /** The runtime's process id (its memory is read from /proc by the flood test). */
  pid: number;
  output: () => string;
  stop: () => Promise<number | null>;
}

/** The dev token a runtime with tokens on prints under its banner, once it has printed it. */
export const printedDevToken = async (runtime: RuntimeProcess, timeoutMs = 10_000): Promise<string> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const token = /dev token[^\n]*\n(ey\S+)/.exec(runtime.output())?.[1];
    if (token) return token;
    if (Date.now() > deadline) throw new Error(`no dev token printed:\n${runtime.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

/**
 * Collects a starting runtime's stdout and stderr, and resolves with the URL it prints once it
 * listens (rejects, with what it printed, if it exits first or takes longer than `timeoutMs`).
 */
export const watchRuntimeOutput = (
  child: ChildProcess,
  timeoutMs: number,
): { url: Promise<string>; output: () => string } => {
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr?.on('data', (chunk) => {
    output += chunk;
  });
  const url = new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`runtime did not start:\n${output}`)), timeoutMs);
    const check = () => {
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`runtime exited with ${code}:\n${output}`));
    });
  });
  return { url, output: () => output };
};

/** Starts `npm start`'s program as a user would, on a free port, and waits for its URL. */
export const startRuntimeProcess = async (env: Record<string, string>): Promise<RuntimeProcess> => {
  // As `npm start` runs it: one process (tsx as a loader, not its CLI wrapper, which kills a
  // runtime whose event loop does not answer a relayed signal within 60 ms).
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'local/main.ts'], {
    // Auth off unless a test turns it on (CAIRN_AUTH: 'on'), as `npm start` does today.
    env: { ...process.env, PORT: '0', CAIRN_AUTH: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { url: listening, output } = watchRuntimeOutput(child, 30_000);
  const url = await listening;
  return {
    url,
    pid: child.pid ?? 0,
    output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
      child.kill('SIGTERM');
      return exited;
    },
  };
};

/** A decoded response body; tests assert its shape with `expect`, so its fields are left loose. */
// biome-ignore lint/suspicious/noExplicitAny: the assertions, not the types, check these bodies.
export type JsonBody = any;

export interface JsonResponse {
  status: number;
  headers: Headers;
  json: JsonBody;
}

export const postJson = async (
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<JsonResponse> => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, json: await response.json() };
};

export const getJson = async (url: string, headers: Record<string, string> = {}): Promise<JsonResponse> => {
  const response = await fetch(url, { headers });
  return { status: response.status, headers: response.headers, json: await response.json() };
};
