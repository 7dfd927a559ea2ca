/**
 * The repository stands on its own, and its documents say what Cairn is and does: no document
 * points to a file outside the repository (a path out of it, a path of the machine it was written
 * on), no source file names notes that live outside it, and no document tells the story of its
 * own writing.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { markdownFiles, repoRoot } from '../support/markdownDocs';

/** Paths of a developer's machine: a user who clones the repository has none of them. */
const MACHINE_PATHS = [
  new RegExp(`(^|[\\s(\`'"=])/(${['work', 'home', 'Users', 'root', 'mnt', 'tmp'].join('|')})/`, 'm'),
  /file:\/\//,
  /\b[A-Z]:\\/,
];

/** Notes kept beside the repository, never in it. */
const OUTSIDE_NOTES = new RegExp(['DESIGN', 'STYLE'].map((name) => `\\b${name}\\.md\\b`).join('|'));

/** Words that tell how the project came to be rather than what it is. */
const HISTORY = [
  /\bissues? #?\d+/i,
  /\bfrom issue\b/i,
  /\b(this|last|next) round\b|\bround \d+\b/i,
  /\b(earlier|previous|this|last|past) sessions?\b/i,
  /\bnow\b/i,
  /\bno longer\b/i,
  /\byet\b/i,
  /\banymore\b/i,
  /\b(previously|formerly|originally|historically)\b/i,
  /\bused to be\b/i,
  /\bwe (added|fixed|changed|removed|renamed|moved)\b/i,
  /\b(was|were) (added|introduced|fixed)\b/i,
  /\bbugs?,? (were )?(found|fixed)\b|\bfound (a|one|two|three|four|\d+) bugs?\b/i,
  /\bonce stopped\b/i,
  /\bolder (scripts|code|clients|cairn)\b/i,
  /\bbefore schema versions\b/i,
  /\bthis (pr|pull request|commit)\b/i,
  /\bnew in (v?\d|version|release|cairn)\b|\bsince v\d/i,
];

/** `../` paths written in a document, resolved from its folder: those that leave the repository. */
const pathsOut = (path: string, text: string): string[] =>
  [...text.matchAll(/(?:\.\.\/)+[^\s)`'"\]]*/g)]
    .map((match) => match[0])
    .filter((written) =>
      normalize(join(dirname(path), written))
        .split('\\')
        .join('/')
        .startsWith('..'),
    );

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

const findings = (text: string, patterns: readonly RegExp[]): string[] =>
  text.split('\n').flatMap((line, index) => {
    const hits = patterns.map((pattern) => pattern.exec(line)?.[0]).filter(Boolean);
    return hits.length > 0 ? [`${index + 1}: ${hits.join(', ')} in "${line.trim().slice(0, 120)}"`] : [];
  });

describe('documents of the repository', () => {
  const documents = markdownFiles();

  it('are found (README.md and docs/)', () => {
    expect(documents).toContain('README.md');
    expect(documents.some((path) => path.startsWith('docs/'))).toBe(true);
  });

  for (const path of documents) {
    const text = readFileSync(join(repoRoot, path), 'utf8');

    it(`${path} points to nothing outside the repository`, () => {
      expect(pathsOut(path, text)).toEqual([]);
      expect(findings(text, [...MACHINE_PATHS, OUTSIDE_NOTES])).toEqual([]);
    });

    it(`${path} says what Cairn is and does, not how it came to be`, () => {
      expect(findings(text, HISTORY)).toEqual([]);
    });
  }
});

const SOURCE = /\.(ts|mts|cts|js|mjs|cjs|html|css|sh|py|json)$/;
const SKIPPED = new Set(['node_modules', '.emulators', '.git', 'cdk.out', '.cairn', 'test-output', '.bench-bundles']);
const GENERATED = new Set(['package-lock.json', 'bench/results.json']);

function* sourceFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(entry.name)) yield relative(repoRoot, path).split('\\').join('/');
  }
}

describe('source files', () => {
  it('name no notes kept outside the repository and no path of a developer machine', () => {
    const outside: string[] = [];
    for (const path of sourceFiles(repoRoot)) {
      if (GENERATED.has(path)) continue;
      const text = readFileSync(join(repoRoot, path), 'utf8');
      const match = OUTSIDE_NOTES.exec(text) ?? MACHINE_PATHS[0]?.exec(text);
      if (match) outside.push(`${path}:${lineOf(text, match.index)}: ${match[0].trim()}`);
    }
    expect(outside).toEqual([]);
  });
});
