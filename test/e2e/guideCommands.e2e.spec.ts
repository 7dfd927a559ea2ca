/**
 * The guide's domain plugged into the runtime, as docs/guide/start.ts plugs it (with the hold time
 * the guide starts it with), and the guide's ```sh blocks run against it line by line, as the
 * README's are (readmeCommands.e2e.spec.ts): its commands, refusals, view and expiry process
 * answer what the guide says they answer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSeatRuntime } from '../../docs/guide/start';
import type { LocalRuntime } from '../../local/runtime';
import { type Outcome, problemsOf, readerShellEnv, runCommands, shellCommands } from '../support/docCommands';
import { readMarkdown } from '../support/markdownDocs';

const guide = readMarkdown('docs/guide/README.md');
const commands = shellCommands(guide);
/** The hold time the guide starts its runtime with (`HOLD_FOR=... npx tsx docs/guide/start.ts`). */
const holdFor = /HOLD_FOR=(\S+) npx tsx docs\/guide\/start\.ts/.exec(guide.text)?.[1];

let dataDir: string;
let runtime: LocalRuntime;
let outcomes: Outcome[] = [];

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'cairn-guide-'));
  runtime = await startSeatRuntime({ port: 0, dataDir, holdFor });
  outcomes = await runCommands(commands, { url: runtime.url, env: readerShellEnv(runtime, dataDir) });
}, 300_000);

afterAll(async () => {
  await runtime?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe("the guide's commands, against the guide's domain", () => {
  it('starts the runtime as the guide does, and finds commands with their answers', () => {
    expect(holdFor).toMatch(/^PT\d+S$/);
    expect(commands.filter((command) => command.expected).length).toBeGreaterThan(4);
  });

  for (const [step, command] of commands.entries()) {
    it(`${command.source}: ${command.text.split('\n')[0]?.slice(0, 90)}`, () => {
      const outcome = outcomes[step];
      expect(outcome, 'not run').toBeDefined();
      if (outcome) expect(problemsOf(outcome), command.text).toEqual([]);
    });
  }
});
