/**
 * `npx tsx bench/peer/run.ts [--quick] [--json <file>]`: the Cairn-against-Castore section of
 * `npm run bench` alone. Starts DynamoDB Local itself unless DYNAMODB_ENDPOINT names one.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startDynamoDbLocal } from '../../test/support/emulators';
import { peerComparison, printPeer } from '../scenarios/peerComparison';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, json: { type: 'string' } } });
const dynamoLocal = process.env.DYNAMODB_ENDPOINT ? undefined : await startDynamoDbLocal();
const endpoint = process.env.DYNAMODB_ENDPOINT ?? dynamoLocal?.endpoint ?? '';
try {
  console.log('measuring: Cairn against Castore (peer), DynamoDB Local');
  const started = performance.now();
  const peer = await peerComparison(endpoint, { quick: values.quick ?? false, tag: `p${Date.now().toString(36)}` });
  printPeer(peer);
  console.log(`\npeer run: ${Math.round((performance.now() - started) / 1000)} s`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(peer, null, 2)}\n`);
} finally {
  await dynamoLocal?.stop();
}
