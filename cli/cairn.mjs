#!/usr/bin/env node
/**
 * `npx cairn [--url <base>] [--token <jwt>] <command> [options]`: the project's command line. Each
 * command is a TypeScript file in this folder, loaded through tsx (so a checkout needs no build step).
 * The commands that talk HTTP take --url/--token before the command name or among its options.
 */
import { register } from 'tsx/esm/api';

const commands = {
  token: ['token.ts', 'mint a token: --context <c> [--role reader|writer|admin] [--subject s] [--ttl s]'],
  contexts: ['contexts.ts', 'list | create <name> | retire <name>: the contexts of the runtime or stack', true],
  replay: ['replay.ts', '<projection> [--context <c>]: rebuild a projection, live traffic going on', true],
  dlq: ['dlq.ts', 'list | redrive [--queue projections|processes]: a dead-letter queue (projections by default)'],
};
const TARGET_FLAGS = ['--url', '--token'];

const usage = (problem) => {
  if (problem) console.error(`${problem}\n`);
  console.error('usage: npx cairn [--url <base>] [--token <jwt>] <command> [options]\n');
  for (const [commandName, [, help, http]] of Object.entries(commands)) {
    console.error(`  ${commandName.padEnd(9)} ${help}${http ? '  [--url, --token]' : ''}`);
  }
  console.error(
    '\n  --url    the local runtime (default http://127.0.0.1:3000, or CAIRN_URL) or a stack: https://<api>/prod',
  );
  console.error('  --token  a bearer token with admin rights (or CAIRN_TOKEN); minted locally for a local runtime');
  process.exit(2);
};

// The target flags ahead of the command name go to the command, as if given after it.
const args = process.argv.slice(2);
const target = [];
while (args[0]?.startsWith('--')) {
  const flag = args.shift();
  const bare = flag.split('=')[0];
  if (!TARGET_FLAGS.includes(bare)) usage(`unknown option ${bare}`);
  target.push(flag);
  if (!flag.includes('=')) {
    if (args[0] === undefined || args[0].startsWith('--')) usage(`${flag} needs a value`);
    target.push(args.shift());
  }
}
const [name, ...rest] = args;
const command = commands[name ?? ''];
if (!command) usage(name ? `unknown command ${name}` : undefined);
if (target.length > 0 && !command[2]) usage(`${name} does not talk HTTP: it takes no --url/--token`);
const script = new URL(`./${command[0]}`, import.meta.url);
// The commands read their own arguments from process.argv, as when run directly.
process.argv = [process.argv[0] ?? 'node', script.pathname, ...rest, ...target];
register();
await import(script.href);
