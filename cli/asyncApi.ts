/**
 * `npm run asyncapi`: writes the WebSocket API's AsyncAPI 3.0 document (the one `GET /asyncapi.json`
 * serves) to asyncapi.json at the repository root, for tools that read a file. The file is
 * committed; test/unit/asyncApi.unit.spec.ts fails when it differs from what the code generates.
 */
import { writeFileSync } from 'node:fs';
import { sampleDomain } from '#domain/index';
import { buildAsyncApi } from '#http/asyncApi';

export const ASYNCAPI_FILE = new URL('../asyncapi.json', import.meta.url);

/** The file's text: stable (the document is built in a fixed order); biome leaves it alone, as openapi.json. */
export const asyncApiText = (): string => `${JSON.stringify(buildAsyncApi(sampleDomain), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(ASYNCAPI_FILE, asyncApiText());
  console.log(`wrote ${ASYNCAPI_FILE.pathname}`);
}
