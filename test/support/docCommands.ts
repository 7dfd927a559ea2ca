/**
 * Runs the shell commands of a document as a reader would type them: every ```sh block (the
 * blocks meant to be run; ```bash blocks are shown, not run), in order, in one bash session, with
 * `localhost:<port>` pointed at the runtime under test. A `# 200 {...}` comment after a curl is
 * what it must answer: the status, the body (`…` stands for any value, `{…}` any object, `[…]`
 * any array, a trailing `,…}` for more fields) and any `, Header: value` after it.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bodyMismatches, type Expected, escapeRegExp, parseExpected } from './docExpectations';
import { type MarkdownDocument, repoRoot } from './markdownDocs';

export interface DocCommand {
  /** `README.md:42`: where the command starts. */
  source: string;
  text: string;
  expected?: Expected;
}

/** The commands of a document's ```sh blocks; a `#` line right after a command may say what it answers. */
export const shellCommands = (document: MarkdownDocument): DocCommand[] =>
  document.blocks
    .filter((block) => block.lang === 'sh')
    .flatMap((block) => {
      const commands: DocCommand[] = [];
      const lines = block.code.split('\n');
      for (let index = 0; index < lines.length; index += 1) {
        const line = lines[index] ?? '';
        if (line.trim() === '') continue;
        if (line.trimStart().startsWith('#')) {
          const last = commands.at(-1);
          const expected = parseExpected(line);
          if (expected && last && !last.expected) last.expected = expected;
          continue;
        }
        const start = index;
        let text = line;
        while (text.endsWith('\\') && index + 1 < lines.length) {
          index += 1;
          text = `${text}\n${lines[index]}`;
        }
        commands.push({ source: `${document.path}:${block.line + start}`, text });
      }
      return commands;
    });

export interface Outcome {
  command: DocCommand;
  exitCode: number;
  output: string;
  /** A curl's answer: its status, headers (lowercased names) and body. */
  answer?: { status: number; headers: Map<string, string>; body: string };
}

const headersOf = (raw: string): Map<string, string> => {
  const last =
    raw
      .trim()
      .split(/\r?\n\r?\n/)
      .at(-1) ?? '';
  const headers = new Map<string, string>();
  for (const line of last.split(/\r?\n/).slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
};

/**
 * A reader's shell beside a runtime: their PATH and HOME, and where `npx cairn` finds the runtime
 * and its secret (the defaults of a reader's machine), without the SDK's Node-version notice.
 */
export const readerShellEnv = (runtime: { url: string }, dataDir: string): Record<string, string> => ({
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? dataDir,
  CAIRN_DATA_DIR: dataDir,
  CAIRN_URL: runtime.url,
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

/** Runs the commands in one bash session (a failing one does not stop the next) and reads back each outcome. */
export const runCommands = async (
  commands: readonly DocCommand[],
  options: { url: string; env: Record<string, string>; timeoutMs?: number },
): Promise<Outcome[]> => {
  const out = mkdtempSync(join(tmpdir(), 'cairn-doc-commands-'));
  const host = new URL(options.url).host;
  const script = [
    // Every curl writes its status, headers and body where the test reads them.
    `curl() { command curl -sS -D "$__out/$__step.headers" -o "$__out/$__step.body" -w '%{http_code}' "$@" > "$__out/$__step.status"; }`,
    ...commands.flatMap((command, step) => [
      `__step=${step}`,
      '{',
      command.text.replace(/\b(localhost|127\.0\.0\.1):\d+/g, host),
      `} > "$__out/${step}.out" 2>&1`,
      `echo $? > "$__out/${step}.rc"`,
    ]),
  ].join('\n');
  writeFileSync(join(out, 'script.sh'), script);
  await new Promise<void>((done, fail) => {
    const child = spawn('bash', [join(out, 'script.sh')], {
      cwd: repoRoot,
      env: { ...options.env, __out: out },
      stdio: 'ignore',
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the commands took longer than ${options.timeoutMs ?? 240_000} ms`));
    }, options.timeoutMs ?? 240_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
  const read = (name: string) => (existsSync(join(out, name)) ? readFileSync(join(out, name), 'utf8') : undefined);
  return commands.map((command, step) => {
    const status = read(`${step}.status`);
    return {
      command,
      exitCode: Number(read(`${step}.rc`) ?? Number.NaN),
      output: read(`${step}.out`) ?? '',
      ...(status !== undefined && {
        answer: {
          status: Number(status),
          headers: headersOf(read(`${step}.headers`) ?? ''),
          body: read(`${step}.body`) ?? '',
        },
      }),
    };
  });
};

/** What is wrong with an outcome: a failed command, or a curl answer other than its comment says. */
export const problemsOf = ({ command, exitCode, output, answer }: Outcome): string[] => {
  if (exitCode !== 0) return [`exited with ${exitCode}: ${output.trim()}`];
  const { expected } = command;
  if (!answer) return expected ? ['has an answer comment, but is no curl'] : [];
  if (!expected) return answer.status >= 200 && answer.status < 300 ? [] : [`answered ${answer.status} ${answer.body}`];
  if (answer.status !== expected.status) return [`answered ${answer.status} ${answer.body}, not ${expected.status}`];
  const problems = expected.body === undefined ? [] : bodyMismatches(expected.body, answer.body);
  for (const [name, value] of expected.headers) {
    const actual = answer.headers.get(name.toLowerCase());
    const pattern = new RegExp(`^${value.split('…').map(escapeRegExp).join('.*')}$`);
    if (actual === undefined || !pattern.test(actual)) problems.push(`${name}: ${actual ?? '(none)'}, not ${value}`);
  }
  return problems;
};
