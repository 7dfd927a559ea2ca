import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { LocalRoute } from './httpGateway';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
const bundles = new Map<string, Promise<string>>();

/** A page's script, bundled once per process with esbuild (the browser client included). */
const bundle = (entry: string): Promise<string> => {
  let bundled = bundles.get(entry);
  if (!bundled) {
    bundled = build({
      entryPoints: [`${webDir}${entry}`],
      bundle: true,
      format: 'esm',
      target: 'es2022',
      write: false,
      sourcemap: 'inline',
    }).then((result) => result.outputFiles[0]?.text ?? '');
    bundles.set(entry, bundled);
  }
  return bundled;
};

/** The console's style sheets, in the order its page links them. */
export const CONSOLE_STYLES = ['base', 'controls', 'layout', 'data', 'narrow'] as const;

/** The pages: each HTML file (the dev token goes in its placeholder), its script and its style sheet. */
type Page = { kind: 'html' | 'script' | 'style' | 'config'; file: string };

const PAGES: Readonly<Record<string, Page>> = {
  '/': { kind: 'html', file: 'index.html' },
  '/demo.js': { kind: 'script', file: 'demo.ts' },
  '/console/': { kind: 'html', file: 'console/console.html' },
  '/console/console.js': { kind: 'script', file: 'console/main.ts' },
  // The static site's settings file; served here empty: the page's origin is the API.
  '/console/config.json': { kind: 'config', file: '' },
  ...Object.fromEntries(
    CONSOLE_STYLES.map((name) => [`/console/${name}.css`, { kind: 'style', file: `console/${name}.css` }]),
  ),
};

const pageAt = (path: string): Page | undefined => (Object.hasOwn(PAGES, path) ? PAGES[path] : undefined);

const sendScript = (response: ServerResponse, entry: string) => {
  bundle(entry).then(
    (code) => {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(code);
    },
    (error: unknown) => {
      response.writeHead(500, { 'content-type': 'text/plain' });
      response.end(`could not build ${entry}: ${String(error)}`);
    },
  );
};

/**
 * Serves the browser pages: the demo (`/`, `/demo.js`) and the console (`/console/`, its script and
 * style sheet; `/console` redirects there, so that the page's relative links work as they do on the
 * static site). With `demoToken` (the runtime passes it only when it listens on loopback, or when
 * the user opts in), the local runtime's dev token is put in each page (a `cairn-token` meta tag)
 * — local development only.
 */
export const webFiles =
  (demoToken?: string): LocalRoute =>
  (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    const path = url.pathname;
    if (request.method !== 'GET') return false;
    if (path === '/console') {
      response.writeHead(308, { location: '/console/', 'cache-control': 'no-cache' });
      response.end();
      return true;
    }
    const page = pageAt(path);
    if (!page) return false;
    if (page.kind === 'config') {
      response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
      response.end('{}');
      return true;
    }
    if (page.kind === 'script') {
      sendScript(response, page.file);
      return true;
    }
    const text = readFileSync(`${webDir}${page.file}`, 'utf8');
    if (page.kind === 'style') {
      response.writeHead(200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'no-cache' });
      response.end(text);
      return true;
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
    const meta = demoToken ? `<meta name="cairn-token" content="${demoToken}" />` : '';
    response.end(text.replace('<!-- cairn-token -->', meta));
    return true;
  };
