/**
 * `npx cairn dlq list|redrive [--queue projections|processes]`: a dead-letter queue, the projection
 * worker's (default) or the process worker's, listed with each letter's error, or redriven to the
 * queue it came from once the cause is fixed. Embedded (under CAIRN_DATA_DIR, with `npm start`
 * stopped) or, with CAIRN_STORE=aws, on SQS (see dlqQueues).
 */

import { type ListedDeadLetter, listDeadLetters, MAX_SCANNED, redriveDeadLetters } from '#application/deadLetterQueues';
import { UsageError } from './cliErrors';
import { COMMON_OPTIONS, type Command, parseCommandLine, printResult } from './commandLine';
import { openQueues, QUEUES } from './dlqQueues';

const OPTIONS = { queue: { type: 'string' }, ...COMMON_OPTIONS } as const;

const lines = (letter: ListedDeadLetter) => [
  `${letter.groupId} ${letter.summary}`,
  `  ${letter.failedAt}  ${letter.reason}`,
];

export const command: Command = {
  usage: 'npx cairn dlq list|redrive [--queue projections|processes] [--json]',
  help: `A dead-letter queue: the messages a worker gave up on, each with its error. List them, fix
the cause (a projection, a process), then redrive them to the queue they came from, each in its
own FIFO group.

  list                 every dead letter: its group, its message, when and why it failed
  redrive              sends every dead letter back to its queue, and removes it from this one
  --queue <q>          projections (the projection worker's, default) or processes (the
                       process managers')
  --json               list: {"queue", "deadLetters": [...], "complete"}; redrive: {"queue", "redriven"}

Where the queues are:
  embedded (default)   under CAIRN_DATA_DIR (default .cairn). The runtime holds that directory
                       while it runs (its LOCK file): stop npm start first.
  CAIRN_STORE=aws      the SQS queues named by PROJECTION_DLQ_URL and PROJECTION_QUEUE_URL, or
                       PROCESS_DLQ_URL and PROCESS_QUEUE_URL (the stack's outputs); while it runs.

  npx cairn dlq list --queue processes
  CAIRN_STORE=aws PROJECTION_DLQ_URL=… PROJECTION_QUEUE_URL=… npx cairn dlq redrive`,

  run: async (args) => {
    const { values, positionals } = parseCommandLine('dlq', args, OPTIONS);
    const [subcommand, ...extra] = positionals;
    if (subcommand === undefined) throw new UsageError('which dlq command? list or redrive', { withUsage: true });
    if (subcommand !== 'list' && subcommand !== 'redrive') {
      throw new UsageError(`unknown dlq command '${subcommand}' (list, redrive)`, { withUsage: true });
    }
    if (extra.length > 0)
      throw new UsageError(`dlq ${subcommand} takes no more arguments (got '${extra[0]}')`, { withUsage: true });
    const queue = values.queue ?? 'projections';
    if (!Object.hasOwn(QUEUES, queue)) {
      throw new UsageError(`--queue '${queue}' is not a queue: ${Object.keys(QUEUES).join(' or ')}`, {
        withUsage: true,
      });
    }
    const chosen = QUEUES[queue as keyof typeof QUEUES];
    const queues = openQueues(chosen);
    try {
      if (subcommand === 'list') {
        // The embedded queue is read in place; SQS receives each letter and releases it at once.
        const { letters, complete } = await listDeadLetters(queues.dlq, undefined, MAX_SCANNED);
        const note = complete ? '' : ' (maybe more: SQS FIFO hands out at most 10 per group while they are listed)';
        printResult(values.json, { queue, deadLetters: letters, complete }, () => [
          ...letters.flatMap(lines),
          `${letters.length} dead letter(s) in the ${chosen.of} dead-letter queue${note}`,
        ]);
      } else {
        const { redriven } = await redriveDeadLetters(queues.dlq, queues.target, undefined, { all: true });
        printResult(values.json, { queue, redriven: redriven.length }, () => [
          `redrove ${redriven.length} dead letter(s) to the ${chosen.of} queue${redriven.length >= MAX_SCANNED ? ` (at most ${MAX_SCANNED} a run: run it again for the rest)` : ''}`,
        ]);
      }
    } finally {
      queues.close();
    }
  },
};
