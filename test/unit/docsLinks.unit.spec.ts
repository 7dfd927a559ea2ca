/**
 * The documents hold together: every relative link of README.md and docs/ names a file of the
 * repository (and a heading of it, GitHub's way, when it has an anchor), and every code block
 * that names its file (`// docs/guide/seat/decider.ts` on its first line) is that file's text.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { githubSlug, markdownFiles, readMarkdown, repoRoot } from '../support/markdownDocs';

const documents = markdownFiles()
  .filter((path) => path === 'README.md' || path.startsWith('docs/'))
  .map(readMarkdown);

/** Where a relative link points, from the repository root; undefined for a link out of it. */
const resolveLink = (from: string, target: string): string | undefined => {
  const path = normalize(join(dirname(from), decodeURIComponent(target)))
    .split('\\')
    .join('/');
  return path.startsWith('..') ? undefined : path;
};

const isRemote = (target: string) => /^[a-z][a-z0-9+.-]*:/i.test(target);

describe('links in README.md and docs/', () => {
  it('reads the documents it checks', () => {
    expect(documents.map((document) => document.path)).toContain('README.md');
    expect(documents.filter((document) => document.path.startsWith('docs/')).length).toBeGreaterThan(5);
  });

  for (const document of documents) {
    it(`${document.path}: every relative link and anchor resolves`, () => {
      const broken: string[] = [];
      for (const { target, line } of document.links) {
        if (isRemote(target)) continue;
        const [file = '', anchor] = target.split('#');
        const path = file === '' ? document.path : resolveLink(document.path, file);
        if (path === undefined) {
          broken.push(`${line}: ${target} leaves the repository`);
        } else if (!existsSync(join(repoRoot, path))) {
          broken.push(`${line}: ${target} (${path} does not exist)`);
        } else if (anchor !== undefined) {
          if (!path.endsWith('.md') || statSync(join(repoRoot, path)).isDirectory()) {
            broken.push(`${line}: ${target} (an anchor in a file that has no headings)`);
          } else if (!readMarkdown(path).anchors.has(anchor)) {
            broken.push(`${line}: ${target} (no heading '#${anchor}' in ${path})`);
          }
        }
      }
      expect(broken).toEqual([]);
    });
  }

  it('slugs headings as GitHub does', () => {
    expect(githubSlug('The `_admin` area')).toBe('the-_admin-area');
    expect(githubSlug('Several regions (multi-region strong consistency)')).toBe(
      'several-regions-multi-region-strong-consistency',
    );
    expect(githubSlug('Statuses, codes and headers')).toBe('statuses-codes-and-headers');
    expect(githubSlug('1. Optimistic locking')).toBe('1-optimistic-locking');
  });
});

/** A block's lines after its `// path` line: the pieces between `// …` lines, in order. */
const piecesOf = (code: string): string[] =>
  code
    .split('\n')
    .slice(1)
    .join('\n')
    .split(/^\s*\/\/ …\s*$/m)
    .map((piece) => piece.replace(/^\n+|\n+$/g, ''))
    .filter((piece) => piece.trim() !== '');

const headerOf = (code: string): string | undefined =>
  /^\/\/ ([\w./-]+\.tsx?)\s*$/.exec(code.split('\n')[0] ?? '')?.[1];

describe('code blocks that name their file', () => {
  const typescript = documents.flatMap((document) =>
    document.blocks.filter((block) => block.lang === 'ts').map((block) => ({ document, block })),
  );

  it("every TypeScript block of the guide names its file (so that it is the file's text)", () => {
    const guide = typescript.filter(({ document }) => document.path.startsWith('docs/guide/'));
    expect(guide.length).toBeGreaterThan(4);
    expect(guide.filter(({ block }) => !headerOf(block.code)).map(({ block }) => block.line)).toEqual([]);
  });

  for (const { document, block } of typescript) {
    const file = headerOf(block.code);
    if (!file) continue;
    it(`${document.path}:${block.line} is the text of ${file}`, () => {
      expect(existsSync(join(repoRoot, file)), `${file} does not exist`).toBe(true);
      const source = readFileSync(join(repoRoot, file), 'utf8');
      let from = 0;
      for (const piece of piecesOf(block.code)) {
        const at = source.indexOf(piece, from);
        expect(at, `not in ${relative(repoRoot, join(repoRoot, file))} (after offset ${from}):\n${piece}`).not.toBe(-1);
        from = at + piece.length;
      }
    });
  }
});
