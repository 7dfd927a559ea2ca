/**
 * The repository's Markdown documents, read as the docs tests need them: headings (as GitHub
 * slugs them), links, fenced code blocks, each with the line it starts on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Folders that are not the repository's own documents: installed packages, emulators, outputs. */
const SKIPPED = new Set(['node_modules', '.emulators', '.git', 'cdk.out', '.cairn', 'test-output', '.bench-bundles']);

/** Every `*.md` of the repository, as paths relative to its root, in a stable order. */
export const markdownFiles = (folder = repoRoot): string[] => {
  const found: string[] = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (SKIPPED.has(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(path));
    else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative(repoRoot, path).split('\\').join('/'));
  }
  return found.sort();
};

export interface CodeBlock {
  /** The fence's info string: `sh`, `ts`, `bash`, ... (empty without one). */
  lang: string;
  code: string;
  /** The 1-based line of its first code line. */
  line: number;
}

export interface Link {
  target: string;
  line: number;
}

export interface MarkdownDocument {
  path: string;
  text: string;
  /** The anchors of its headings, as GitHub makes them (duplicates get `-1`, `-2`, ...). */
  anchors: Set<string>;
  links: Link[];
  blocks: CodeBlock[];
}

/** GitHub's heading anchor: the rendered text, lowercased, punctuation dropped, spaces as dashes. */
export const githubSlug = (heading: string): string =>
  heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*]/g, '')
    .replace(/<[^>]+>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-');

const FENCE = /^\s{0,3}(`{3,}|~{3,})\s*([^\s`]*)/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const LINK = /!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;

export const readMarkdown = (path: string): MarkdownDocument => {
  const text = readFileSync(join(repoRoot, path), 'utf8');
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const links: Link[] = [];
  const blocks: CodeBlock[] = [];
  let open: { fence: string; lang: string; line: number; lines: string[] } | undefined;
  for (const [index, line] of text.split('\n').entries()) {
    const fence = FENCE.exec(line);
    if (open) {
      if (fence?.[1]?.startsWith(open.fence) && line.trim() === fence[1]) {
        blocks.push({ lang: open.lang, code: open.lines.join('\n'), line: open.line });
        open = undefined;
      } else {
        open.lines.push(line);
      }
      continue;
    }
    if (fence?.[1]) {
      open = { fence: fence[1], lang: fence[2] ?? '', line: index + 2, lines: [] };
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading?.[2]) {
      const slug = githubSlug(heading[2]);
      const count = seen.get(slug) ?? 0;
      seen.set(slug, count + 1);
      anchors.add(count === 0 ? slug : `${slug}-${count}`);
    }
    const prose = line.replace(/`[^`]*`/g, '');
    for (const match of prose.matchAll(LINK)) if (match[1]) links.push({ target: match[1], line: index + 1 });
  }
  return { path, text, anchors, links, blocks };
};
