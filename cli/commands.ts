import type { Command } from './commandLine';

/** A command of `npx cairn`: its line in the overview, and its module, loaded only when it runs. */
export interface CommandEntry {
  summary: string;
  load: () => Promise<{ command: Command }>;
}

/** The commands, in the order the overview lists them. Loaded lazily: each pulls in its own adapters. */
export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  token: {
    summary: "mint a token with the local runtime's secret (for curl, sockets, other contexts)",
    load: () => import('./token'),
  },
  contexts: {
    summary: 'list, create or retire the contexts of a runtime or a deployed stack  [--url, --token]',
    load: () => import('./contexts'),
  },
  replay: {
    summary: 'rebuild a projection from its events, live traffic going on  [--url, --token]',
    load: () => import('./replay'),
  },
  dlq: {
    summary: 'list or redrive a dead-letter queue (projections, processes), embedded or on SQS',
    load: () => import('./dlq'),
  },
};

export const OVERVIEW = `usage: npx cairn [--url <base>] [--token <jwt>] <command> [options]

Cairn's command line, for a local runtime (npm start) or a deployed stack.

commands:
${Object.entries(COMMANDS)
  .map(([name, entry]) => `  ${name.padEnd(10)} ${entry.summary}`)
  .join('\n')}
  help       this text; npx cairn help <command> (or <command> --help) explains one

options (before the command or among its own):
  --url <base>    the runtime or stack the HTTP commands call: CAIRN_URL, else the local runtime
                  at http://127.0.0.1:3000; a stack: https://<api-id>.execute-api.<region>.amazonaws.com/prod
  --token <jwt>   their bearer token: CAIRN_TOKEN, else for a local runtime one minted with its
                  secret (CAIRN_DATA_DIR, default .cairn)
  --json          the result as one JSON document on stdout, for scripts
  -h, --help      the command's help

exit status: 0 done; 1 it failed (the runtime refused or cannot be reached, the data is in use);
2 a mistake on the command line. Each error is one line on stderr (CAIRN_DEBUG=1 adds the stack
of an unexpected one).`;
