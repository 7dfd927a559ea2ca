/**
 * The file-size limit, run by `npm run lint`: a production file holds at most
 * MAX_LINES lines, so that a file stays one idea that can be read in one sitting. Tests are not
 * production files (a spec grows with its cases), wherever they live.
 *
 * Biome 2.5 has `style/noExcessiveLinesPerFile`, but biome.json takes no comments, so it could not
 * say why each exception is one, nor notice an exception that is no longer needed; this can.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const MAX_LINES = 200;

/** The folders whose files run in production (a Lambda, `npm start`, synth, the CLI, the browser). */
const PRODUCTION_FOLDERS = ['shared', 'functions', 'local', 'infra', 'cli', 'web'];

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|html|css)$/;
const TEST = /\.spec\.ts$/;
const SKIPPED_FOLDERS = new Set(['node_modules', 'cdk.out']);

/**
 * The files allowed past the limit, each with the reason a split would not help. A file that comes
 * back under the limit must leave this list (the check fails on a stale entry), so it cannot grow
 * back unnoticed.
 */
const EXCEPTIONS: Readonly<Record<string, string>> = {
  'shared/adapters/embedded/embeddedEventStore.ts':
    'One append log behind three ports (events, command records, snapshots): they share its single writer and its replay on open; a split would pass the log and the replay state between files.',
  'shared/adapters/embedded/embeddedFifoQueue.ts':
    'One SQS FIFO stand-in over one log: groups, visibility, dedup ids and dead letters are one state machine, whose private state each method keeps consistent; a split would expose it.',
};

// The repository, or the folder given (the guardrails' own test checks a fixture with it).
const root = process.argv[2] ?? fileURLToPath(new URL('../../', import.meta.url));

const lineCount = (text: string): number => {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
};

function* productionFiles(folder: string): Generator<string> {
  if (!existsSync(folder)) return;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_FOLDERS.has(entry.name) && !entry.name.startsWith('.')) yield* productionFiles(path);
    } else if (entry.isFile() && SOURCE.test(entry.name) && !TEST.test(entry.name)) {
      yield path;
    }
  }
}

/** Every finding, as a line to print: files over the limit, and exceptions that no longer hold. */
const fileSizeFindings = (): string[] => {
  const findings: string[] = [];
  const seen = new Set<string>();
  for (const folder of PRODUCTION_FOLDERS) {
    for (const path of productionFiles(join(root, folder))) {
      const file = relative(root, path).split('\\').join('/');
      const lines = lineCount(readFileSync(path, 'utf8'));
      seen.add(file);
      const excepted = file in EXCEPTIONS;
      if (lines > MAX_LINES && !excepted) {
        findings.push(`${file}: ${lines} lines, over the limit of ${MAX_LINES}: split it by what its parts hold`);
      } else if (lines <= MAX_LINES && excepted) {
        findings.push(
          `${file}: ${lines} lines, within the limit: remove its exception in test/guardrails/fileSizes.ts`,
        );
      }
    }
  }
  for (const file of Object.keys(EXCEPTIONS)) {
    if (!seen.has(file)) findings.push(`${file}: listed as an exception but not found: remove or rename its entry`);
  }
  return findings;
};

const findings = fileSizeFindings();
for (const finding of findings) console.error(finding);
if (findings.length > 0) {
  console.error(`\n${findings.length} file-size finding(s).`);
  process.exitCode = 1;
}
