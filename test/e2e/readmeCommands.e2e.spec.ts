/**
 * The README's commands, and those of every document under docs/ but the guide's, work as written:
 * `npm start`'s program on a free port, with a fresh data directory and tokens checked (as
 * `npm start` runs), and every ```sh block run line by line in one bash session, as a reader would,
 * with `localhost:3000` pointed at it. Each command must succeed, and each curl must answer what
 * the `# 200 {...}` comment after it says. (docs/guide/'s commands run against the guide's own
 * runtime: guideCommands.e2e.spec.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Outcome, problemsOf, readerShellEnv, runCommands, shellCommands } from '../support/docCommands';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { markdownFiles, readMarkdown } from '../support/markdownDocs';

const documents = ['README.md', ...markdownFiles().filter((path) => /^docs\/[^/]+\.md$/.test(path))];
const commands = documents.flatMap((path) => shellCommands(readMarkdown(path)));

let dataDir: string;
let runtime: RuntimeProcess;
let outcomes: Outcome[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-readme-'));
  runtime = await startRuntimeProcess({ CAIRN_AUTH: 'on', CAIRN_DATA_DIR: dataDir });
  outcomes = await runCommands(commands, { url: runtime.url, env: readerShellEnv(runtime, dataDir) });
}, 300_000);

afterAll(async () => {
  await runtime?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the README's commands, against a fresh runtime", () => {
  it('finds the commands meant to be run, curls with their answers among them', () => {
    expect(commands.filter((command) => command.text.includes('npx cairn')).length).toBeGreaterThan(1);
    expect(commands.filter((command) => command.expected).length).toBeGreaterThan(5);
  });

  it('checks tokens, as `npm start` does: a command without one is refused', () => {
    expect(runtime.output()).toContain('auth     on');
  });

  for (const [step, command] of commands.entries()) {
    const firstLine = command.text.split('\n')[0]?.slice(0, 90);
    it(`${command.source}: ${firstLine}`, () => {
      const outcome = outcomes[step];
      expect(outcome, 'not run').toBeDefined();
      if (outcome) expect(problemsOf(outcome), command.text).toEqual([]);
    });
  }
});
