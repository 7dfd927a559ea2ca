/**
 * `npm run localstack`: the host-run LocalStack as `npm test` starts it (its own TMPDIR, functions
 * run by the cairn-process executor on Node.js 24, a clean offline shutdown), kept up until
 * Ctrl-C, for `npm run deploy:localstack` and for trying the deployed stack by hand.
 * `LOCALSTACK_PORT` picks the port (4566 by default).
 */
import { startLocalStack } from '../support/emulators';

const localstack = await startLocalStack(Number(process.env.LOCALSTACK_PORT ?? 4566));
console.log(`LocalStack listening on ${localstack.endpoint} (Ctrl-C stops it)`);
console.log(`  deploy the stack: LOCALSTACK_ENDPOINT=${localstack.endpoint} npm run deploy:localstack`);
const stop = async () => {
  await localstack.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
