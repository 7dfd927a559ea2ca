/**
 * `npm run openapi`: writes the REST API's OpenAPI 3.1 document (the one `GET /openapi.json`
 * serves) to openapi.json at the repository root, for tools that read a file. The file is
 * committed; test/unit/openApi.unit.spec.ts fails when it differs from what the code generates.
 */
import { writeFileSync } from 'node:fs';
import { sampleDomain } from '#domain/index';
import { buildOpenApi } from '#http/openApi';

export const OPENAPI_FILE = new URL('../openapi.json', import.meta.url);

/** The file's text: stable (the document is built in a fixed order) and biome's JSON format. */
export const openApiText = (): string => `${JSON.stringify(buildOpenApi(sampleDomain), null, 2)}\n`;

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(OPENAPI_FILE, openApiText());
  console.log(`wrote ${OPENAPI_FILE.pathname}`);
}
