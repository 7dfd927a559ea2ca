#!/usr/bin/env node
/**
 * `npx cairn <command> [options]`: the project's command line. Each command is a TypeScript file
 * in this folder, loaded through tsx (so a checkout needs no build step).
 */
import { register } from 'tsx/esm/api';

const commands = {
  token: ['token.ts', 'mint a token: --context <c> [--role reader|writer|admin] [--subject s] [--ttl s]'],
  contexts: ['contexts.ts', 'list | create <name> | retire <name>: the contexts of the running runtime'],
  replay: ['replay.ts', '<projection> [--context <c>]: rebuild a projection, live traffic going on'],
  dlq: ['dlq.ts', 'list | redrive: the projection dead-letter queue'],
};

const [name, ...rest] = process.argv.slice(2);
const command = commands[name ?? ''];
if (!command) {
  console.error('usage: npx cairn <command> [options]\n');
  for (const [commandName, [, help]] of Object.entries(commands)) console.error(`  ${commandName.padEnd(9)} ${help}`);
  process.exit(2);
}
const script = new URL(`./${command[0]}`, import.meta.url);
// The commands read their own arguments from process.argv, as when run directly.
process.argv = [process.argv[0] ?? 'node', script.pathname, ...rest];
register();
await import(script.href);
