/**
 * The guardrails of `npm run lint` catch what they are there to catch: a fixture repository with
 * one violation of each kind fails the layer check and the file-size check, naming the rule and
 * the file; the same fixture without the violations passes.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const repo = resolve('.');

const fixture = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cairn-guardrails-'));
  copyFileSync(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler' } }),
  );
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'fixture', type: 'module' }));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
};

const layers = (dir: string) => {
  const run = spawnSync(join(repo, 'node_modules/.bin/depcruise'), ['--config', '.dependency-cruiser.cjs', 'shared'], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
};

const clean = {
  'shared/core/ids.ts': 'export const id = (value: string): string => value;\n',
  'shared/ports/store.ts': "import type { id } from '../core/ids';\nexport type Store = { get: typeof id };\n",
  'shared/adapters/embedded/store.ts': "import { id } from '../../core/ids';\nexport const store = { get: id };\n",
};

describe('the layer check (dependency-cruiser)', () => {
  it('passes a tree whose imports point down', () => {
    expect(layers(fixture(clean))).toMatchObject({ status: 0 });
  });

  it('fails an import up the layers and a cycle, naming each rule', () => {
    const { status, output } = layers(
      fixture({
        ...clean,
        // The core reaching an adapter: the core must stay pure.
        'shared/core/ids.ts': "import { store } from '../adapters/embedded/store';\nexport const id = store.get;\n",
        // Two use cases importing each other.
        'shared/application/a.ts': "import { b } from './b';\nexport const a = (): number => b() + 1;\n",
        'shared/application/b.ts': "import { a } from './a';\nexport const b = (): number => a() - 1;\n",
      }),
    );
    expect(status).not.toBe(0);
    expect(output).toContain('core-is-pure');
    expect(output).toContain('no-circular');
  });
});

describe('the file-size check', () => {
  const sizes = (dir: string) =>
    spawnSync(join(repo, 'node_modules/.bin/tsx'), ['test/guardrails/fileSizes.ts', dir], {
      cwd: repo,
      encoding: 'utf8',
    });

  it('fails a production file past 200 lines, and names it', () => {
    const long = Array.from({ length: 201 }, (_, line) => `export const line${line} = ${line};`).join('\n');
    const run = sizes(
      fixture({ 'shared/application/long.ts': `${long}\n`, 'shared/application/long.unit.spec.ts': `${long}\n` }),
    );
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain('shared/application/long.ts: 201 lines, over the limit of 200');
    // A spec grows with its cases: no limit.
    expect(run.stderr).not.toContain('long.unit.spec.ts: 201');
  });
});
