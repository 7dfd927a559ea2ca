/**
 * `npx cairn` as a new user meets it, spawned as `node cli/cairn.mjs …`: help for every command
 * (exit 0); every mistake on the command line one line on stderr naming what is wrong (exit 2);
 * every failure one line too (exit 1): a runtime that is not there, the runtime's refusals in
 * words, a data directory held by a running runtime; --json output that parses; --url/--token
 * (and CAIRN_URL/CAIRN_TOKEN) against a runtime on a port of its own, with auth on.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddedFifoQueue } from '#adapters/embedded/embeddedFifoQueue';
import { deadLetterOf } from '#application/deadLetter';
import { cairn, expectOneLine, freePort } from '../support/commandLineRun';
import { getJson, printedDevToken, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';

const freshDir = () => mkdtempSync(join(tmpdir(), 'cairn-cli-'));
const dataDir = freshDir();
let runtime: RuntimeProcess;
let devToken = '';
/** The CLI beside the runtime: same data directory (its secret), the runtime's URL. */
const local = () => ({ CAIRN_DATA_DIR: dataDir, CAIRN_URL: runtime.url });

beforeAll(async () => {
  runtime = await startRuntimeProcess({ CAIRN_AUTH: '', CAIRN_DATA_DIR: dataDir, CAIRN_CONTEXTS: 'default' });
  devToken = await printedDevToken(runtime);
});
afterAll(async () => {
  await runtime?.stop();
});

/** A line that begins with `text`, as it is. */
const literally = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);

/** CLI processes at once: each spends most of its time starting Node and loading modules. */
const AT_ONCE = 3;
/** `check` on every case, AT_ONCE at a time, in the order given within each turn. */
const inTurns = async <T>(cases: readonly T[], check: (item: T) => Promise<void>) => {
  for (let i = 0; i < cases.length; i += AT_ONCE) await Promise.all(cases.slice(i, i + AT_ONCE).map(check));
};

/**
 * Runs each case (a few at once: a mistake changes nothing), each a mistake that must be one line
 * naming `names`, with exit status `code`.
 */
const expectEach = (code: number, cases: [string[], RegExp, Record<string, string>?][]) =>
  inTurns(cases, async ([args, names, env]) => {
    expectOneLine(await cairn(args, { CAIRN_DATA_DIR: freshDir(), ...env }), code, names);
  });

describe('npx cairn help', () => {
  it('prints the overview or one command’s help on stdout, and exits 0', async () => {
    const asked: [string[], RegExp][] = [
      [['--help'], /^usage: npx cairn .*<command>[\s\S]*token[\s\S]*contexts[\s\S]*replay[\s\S]*dlq/],
      [['help'], /^usage: npx cairn .*<command>/],
      [['-h'], /^usage: npx cairn .*<command>/],
      [['token', '--help'], /^usage: npx cairn token [\s\S]*With no options it mints a writer token/],
      [['token', '-h'], /^usage: npx cairn token /],
      [['help', 'token'], /^usage: npx cairn token /],
      [['contexts', '--help'], /^usage: npx cairn contexts list \| create/],
      [['replay', '-h', '--frob'], /^usage: npx cairn replay <projection>/],
      [['help', 'dlq'], /^usage: npx cairn dlq list\|redrive[\s\S]*stop npm start first/],
    ];
    await inTurns(asked, async ([args, text]) => {
      const shown = await cairn(args);
      expect([shown.code, shown.stderr], args.join(' ')).toEqual([0, '']);
      expect(shown.stdout, args.join(' ')).toMatch(text);
    });
  }, 120_000);
});

describe('a mistake on the command line: exit 2, one line that names it', () => {
  it('an unknown command, subcommand or option', async () => {
    await expectEach(2, [
      [['frob'], /^unknown command 'frob': the commands are token, contexts, replay, dlq and help/],
      [['help', 'frob'], /^unknown command 'frob'/],
      [[], /^which command\?/],
      [['--frob', 'token'], /^unknown option --frob for token/],
      [['token', '--frob'], /^unknown option --frob for token — usage: npx cairn token /],
      [['contexts', 'frob'], /^unknown contexts command 'frob' \(list, create <name>, retire <name>\)/],
      [['dlq', 'frob'], /^unknown dlq command 'frob' \(list, redrive\) — usage: npx cairn dlq/],
      [['dlq', 'list', '--queue', 'views'], /^--queue 'views' is not a queue: projections or processes/],
      [['token', '--url', 'http://127.0.0.1:1'], /^token does not call a runtime over HTTP: it takes no --url/],
      [['token', 'shop'], /^token takes no arguments, only options \(got 'shop'; a context is --context <c>\)/],
      [['contexts'], /^which contexts command\? list, create <name> or retire <name>/],
      [['contexts', 'list', 'extra'], /^contexts list takes no name \(got 'extra'\)/],
      [['contexts', 'create'], /^contexts create takes one context name/],
      [['replay'], /^which projection\?/],
      [['replay', 'todoList', 'todoLists'], /^replay rebuilds one projection/],
    ]);
  }, 120_000);

  it('a missing or bad value', async () => {
    await expectEach(2, [
      [['token', '--role', 'superuser'], /^--role 'superuser' is not a role: reader, writer or admin$/m],
      [['token', '--context'], /^--context needs a value/],
      [['token', '--context', '--role', 'admin'], /^--context needs a value, not the option --role/],
      [['token', '--context', 'Shop'], /^--context 'Shop' is not a context name/],
      [['token', '--ttl', 'soon'], /^--ttl 'soon' is not a whole number of seconds/],
      [['token', '--ttl', '0'], /^--ttl '0' is not a whole number of seconds, at least 1/],
      [['token', '--ttl', '999999'], /^--ttl 999999: tokens live at most 86400 s here \(CAIRN_TOKEN_MAX_LIFETIME\)/],
      [['token'], /^CAIRN_TOKEN_MAX_LIFETIME must be a number of seconds/, { CAIRN_TOKEN_MAX_LIFETIME: 'long' }],
      [['token', '--json=yes'], /^--json takes no value \(got 'yes'\)/],
      [['token', '--role', 'admin', '--role', 'reader'], /^--role is given twice/],
      [['replay', 'todoList', '--context', 'Shop'], /^--context 'Shop' is not a context name/],
      [['dlq', 'list', '--queue'], /^--queue needs a value/],
    ]);
  }, 120_000);

  it('a target that cannot be one', async () => {
    await expectEach(2, [
      [['--url', 'contexts', 'list'], /^--url needs a value before the command/],
      [
        ['contexts', 'list', '--url', 'ftp://files.example.com'],
        /^--url 'ftp:\/\/files.example.com' is not an http\(s\) URL/,
      ],
      [['contexts', 'list'], /^CAIRN_URL 'not a url' is not a URL/, { CAIRN_URL: 'not a url' }],
      [['contexts', 'list', '--token', 'secret'], /^--token is not a JWT/],
      [
        ['contexts', 'list', '--url', 'https://api.example.com/prod'],
        /^https:\/\/api.example.com is not a local runtime: pass --token/,
      ],
    ]);
  }, 120_000);
});

describe('a failure: exit 1, one line that says what to do', () => {
  it('nothing to sign a token with, no data directory, nothing listening', async () => {
    const empty = freshDir();
    const port = await freePort();
    await expectEach(1, [
      [['token'], literally(`no secret to sign with: ${empty}/dev-secret does not exist`), { CAIRN_DATA_DIR: empty }],
      [
        ['dlq', 'list'],
        /^no data directory at \/\S+\/gone: run this where npm start runs/,
        { CAIRN_DATA_DIR: join(empty, 'gone') },
      ],
      [
        ['contexts', 'list', '--url', `http://127.0.0.1:${port}`],
        new RegExp(
          `^cannot reach the runtime at http://127.0.0.1:${port} \\(from --url\\) — is \`npm start\` running\\? \\(or pass --url\\)$`,
          'm',
        ),
      ],
      [
        ['replay', 'todoList'],
        new RegExp(`^cannot reach the runtime at http://127.0.0.1:${port} \\(from CAIRN_URL\\)`),
        { CAIRN_URL: `http://127.0.0.1:${port}` },
      ],
    ]);
  }, 120_000);

  it('the runtime’s refusals, in words, with their code', async () => {
    const reader = (await cairn(['token', '--role', 'reader'], local())).stdout.trim();
    const shortLived = (await cairn(['token', '--role', 'admin', '--ttl', '1'], local())).stdout.trim();
    const otherDir = freshDir();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // the short-lived token expires
    await expectEach(1, [
      [
        ['replay', 'nope'],
        /^no projection named 'nope' \(known: todoList, todoLists, user, accountBalance\) \[404 UNKNOWN_PROJECTION\]$/m,
        local(),
      ],
      [
        ['replay', 'todoList', '--context', 'nope'],
        /^no context named 'nope' at http:\S+ \(npx cairn contexts list shows them\) \[404 UNKNOWN_CONTEXT\]$/m,
        local(),
      ],
      [
        ['contexts', 'create', 'Shop'],
        /^Invalid context name 'Shop': lowercase letters, digits and dashes, 1-32 characters \[400 VALIDATION_FAILED\]$/m,
        local(),
      ],
      [['contexts', 'retire', 'nope'], /^no context named 'nope' .*\[404 UNKNOWN_CONTEXT\]$/m, local()],
      [
        ['contexts', 'list', '--token', reader],
        /^the token may not do this \('cli' is not granted context '_admin'\): it needs admin in _admin .*\[403 FORBIDDEN\]$/m,
        local(),
      ],
      [
        ['replay', 'todoList', '--token', reader],
        /needs admin in default — .*npx cairn token --context default --role admin \[403 FORBIDDEN\]$/m,
        local(),
      ],
      [
        ['replay', 'todoList'],
        /^the token of CAIRN_TOKEN has expired — mint a fresh one \(npx cairn token\) or pass another \[401 UNAUTHENTICATED\]$/m,
        { ...local(), CAIRN_TOKEN: shortLived },
      ],
      [
        ['contexts', 'list'],
        /^the runtime refused the token the CLI signed with CAIRN_JWT_SECRET: The token is not valid .*\[401 UNAUTHENTICATED\]$/m,
        { ...local(), CAIRN_JWT_SECRET: 'not the runtime secret' },
      ],
      [
        ['contexts', 'list'],
        literally(`the runtime wants a token, and there is no ${otherDir}/dev-secret to sign one with`),
        { CAIRN_URL: runtime.url, CAIRN_DATA_DIR: otherDir },
      ],
      [
        ['contexts', 'list', '--url', `${runtime.url}/nope`],
        /^http:\S+\/nope has no such route: is it the base URL of a Cairn runtime or stack/,
        local(),
      ],
    ]);
  }, 120_000);

  it('dlq on the data directory of a running runtime names it, and the way out', async () => {
    const holder = readFileSync(join(dataDir, 'LOCK'), 'utf8').trim();
    const line = expectOneLine(
      await cairn(['dlq', 'list'], { CAIRN_DATA_DIR: dataDir }),
      1,
      /is in use by the runtime/,
    );
    expect(line).toBe(
      `${dataDir} is in use by the runtime with process id ${holder} (its LOCK file): stop it first (Ctrl+C where npm start runs; nothing is lost) and run this again, or redrive from the console (/console/) while it runs — a runtime on SQS is read with CAIRN_STORE=aws npx cairn dlq while it runs`,
    );
  }, 60_000);
});

describe('--json, --url and --token', () => {
  it('token --json: one document, whose token the runtime accepts for what it grants', async () => {
    const minted = await cairn(
      ['token', '--json', '--context', 'default', '--role', 'reader', '--ttl', '600'],
      local(),
    );
    expect([minted.code, minted.stderr]).toEqual([0, '']);
    const { token, subject, roles, expiresAt } = JSON.parse(minted.stdout);
    expect([subject, roles]).toEqual(['cli', { default: 'reader' }]);
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(590_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
    const read = await getJson(`${runtime.url}/v1/default/views/todoList/none`, { authorization: `Bearer ${token}` });
    expect(read.status).toBe(404); // read, and found nothing: not 401 or 403
    const defaults = await cairn(['token', '--json'], local());
    expect(JSON.parse(defaults.stdout).roles).toEqual({ default: 'writer' });
  }, 60_000);

  it('contexts and replay with the given --url and --token (no local secret to mint with), or CAIRN_URL and CAIRN_TOKEN', async () => {
    const elsewhere = { CAIRN_DATA_DIR: freshDir() };
    const target = ['--url', runtime.url, '--token', devToken];
    const created = await cairn([...target, 'contexts', 'create', 'shop', '--json'], elsewhere);
    expect([created.code, created.stderr]).toEqual([0, '']);
    expect(JSON.parse(created.stdout)).toMatchObject({ name: 'shop', state: 'active' });
    const listed = await cairn(['contexts', 'list', ...target, '--json'], elsewhere);
    expect(JSON.parse(listed.stdout).contexts.map((record: { name: string }) => record.name)).toEqual([
      'default',
      'shop',
    ]);
    const replayed = await cairn(['replay', 'todoList', '--json'], {
      ...elsewhere,
      CAIRN_URL: runtime.url,
      CAIRN_TOKEN: devToken,
    });
    expect([replayed.code, replayed.stderr]).toEqual([0, '']); // --json: no progress on stderr either
    expect(JSON.parse(replayed.stdout)).toMatchObject({ projection: 'todoList', context: 'default', state: 'live' });
    const status = await cairn(['replay', 'todoList', '--status', '--json', ...target], elsewhere);
    expect(JSON.parse(status.stdout)).toMatchObject({
      state: 'live',
      generation: JSON.parse(replayed.stdout).generation,
    });
    const words = await cairn(['replay', 'todoList', '--status', ...target], elsewhere);
    expect(words.stdout).toMatch(/^todoList in context default: generation \d+ is live \(\d+ streams, \d+ events\)\n$/);
  }, 120_000);

  it('dlq list and redrive --json, on a stopped runtime’s data directory', async () => {
    const stopped = freshDir();
    const queue = new EmbeddedFifoQueue({ name: 'projections-dlq', dataDir: stopped });
    const body = JSON.stringify({ type: 'TodoAdded', version: 2 });
    const letter = deadLetterOf(
      new Error('cannot project'),
      { receiveCount: 3, groupId: 'default#todoList#l1', dedupId: 'd1', body },
      new Date('2026-03-01T10:00:00Z'),
    );
    queue.send({ groupId: letter.groupId, dedupId: letter.dedupId, body: JSON.stringify(letter) });
    queue.close();
    const listed = await cairn(['dlq', 'list', '--json'], { CAIRN_DATA_DIR: stopped });
    expect([listed.code, listed.stderr]).toEqual([0, '']);
    expect(JSON.parse(listed.stdout)).toMatchObject({
      queue: 'projections',
      deadLetters: [{ groupId: 'default#todoList#l1', reason: 'Error: cannot project', body }],
    });
    const redriven = await cairn(['--json', 'dlq', 'redrive'], { CAIRN_DATA_DIR: stopped });
    expect(JSON.parse(redriven.stdout)).toEqual({ queue: 'projections', redriven: 1 });
    expect(
      JSON.parse((await cairn(['dlq', 'list', '--json'], { CAIRN_DATA_DIR: stopped })).stdout).deadLetters,
    ).toEqual([]);
  }, 60_000);
});
