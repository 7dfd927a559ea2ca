import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { LocalRoute } from './httpGateway';

const webDir = fileURLToPath(new URL('../web/', import.meta.url));
let demoBundle: Promise<string> | undefined;

/** The demo's script, bundled once per process with esbuild (the browser client included). */
const bundle = (): Promise<string> => {
  demoBundle ??= build({
    entryPoints: [`${webDir}demo.ts`],
    bundle: true,
    format: 'esm',
    target: 'es2022',
    write: false,
    sourcemap: 'inline',
  }).then((result) => result.outputFiles[0]?.text ?? '');
  return demoBundle;
};

/**
 * Serves the browser demo: `/` (the page) and `/demo.js` (its script). With `demoToken` (the
 * runtime passes it only when it listens on loopback, or when the user opts in), the local
 * runtime's dev token is put in the page (a `cairn-token` meta tag) — local development only.
 */
export const webFiles =
  (demoToken?: string): LocalRoute =>
  (request: IncomingMessage, response: ServerResponse, url: URL): boolean => {
    const path = url.pathname;
    if (request.method !== 'GET' || (path !== '/' && path !== '/demo.js')) return false;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      const page = readFileSync(`${webDir}index.html`, 'utf8');
      const meta = demoToken ? `<meta name="cairn-token" content="${demoToken}" />` : '';
      response.end(page.replace('<!-- cairn-token -->', meta));
      return true;
    }
    bundle().then(
      (code) => {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-cache' });
        response.end(code);
      },
      (error: unknown) => {
        response.writeHead(500, { 'content-type': 'text/plain' });
        response.end(`could not build the demo: ${String(error)}`);
      },
    );
    return true;
  };
