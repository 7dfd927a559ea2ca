/**
 * The in-process contention run's writers, through Cairn's HTTP API on DynamoDB Local instead
 * (todoList, RenameTodoList): asynchronously (`Prefer: respond-async, wait=5`, where a contended
 * command may be answered 202 and finish later) and synchronously (the client resends a
 * retryable 409). Castore has no HTTP API, so this is Cairn alone.
 */
import { commandStatus, createList, renameList, sendCommand } from '../http';
import { formatCounts, type Row } from '../report';
import { median, round } from '../stats';
import { dynamoTarget, type Target } from '../targets';
import type { ContentionShape } from './contentionScenario';
import { settle, sleep } from './settle';

interface Mode {
  name: string;
  headers: Record<string, string>;
}

/** One mode's outcome over all its rounds. */
interface Tally {
  ok200: number;
  accepted202: number;
  failed: number;
  /** Of the 202s: those whose status later read `succeeded`. */
  laterSucceeded: number;
  /** Server-side write attempts, summed over the client's resends. */
  attempts: number;
  clientResends: number;
  /** Per round: until the last reply. */
  wallMs: number[];
  /** Per round: until the last reply or the last DynamoDB request, whichever came later. */
  doneMs: number[];
  /** DynamoDB requests by operation, over the measured part of every round. */
  requests: Record<string, number>;
}

const modes: Mode[] = [
  { name: 'Prefer: respond-async, wait=5', headers: { prefer: 'respond-async, wait=5' } },
  { name: 'no Prefer (sync; the client resends a retryable 409)', headers: {} },
];

const emptyTally = (): Tally => ({
  ok200: 0,
  accepted202: 0,
  failed: 0,
  laterSucceeded: 0,
  attempts: 0,
  clientResends: 0,
  wallMs: [],
  doneMs: [],
  requests: {},
});

/** One round: a new list, then `writers` renames of it at once. */
const contendOnce = async (target: Target, mode: Mode, tally: Tally, id: string, writers: number) => {
  await sendCommand(target.url, createList(id));
  await settle(target.requests, 200);
  const before = target.requests();
  const started = performance.now();
  const replies = await Promise.all(
    Array.from({ length: writers }, (_, i) =>
      sendCommand(target.url, renameList(id, i), mode.headers).catch((error: unknown) => error as Error),
    ),
  );
  const repliedAt = performance.now();
  tally.wallMs.push(repliedAt - started);
  const accepted: string[] = [];
  for (const reply of replies) {
    if (reply instanceof Error) {
      tally.failed++;
      continue;
    }
    tally.attempts += reply.attempts;
    tally.clientResends += reply.clientRetries;
    if (reply.status === 202) {
      tally.accepted202++;
      if (reply.body.commandId) accepted.push(reply.body.commandId);
    } else tally.ok200++;
  }
  // A 202's command is still being written after the reply: wait for the requests to stop.
  const lastWrite = accepted.length > 0 ? await settle(target.requests) : repliedAt;
  tally.doneMs.push(Math.max(lastWrite, repliedAt) - started);
  const after = target.requests();
  for (const [operation, count] of Object.entries(after)) {
    const added = count - (before[operation] ?? 0);
    if (added > 0) tally.requests[operation] = (tally.requests[operation] ?? 0) + added;
  }
  // After the counts are taken: each status read is a DynamoDB read of its own.
  for (const commandId of accepted) {
    const deadline = Date.now() + 30_000;
    let status = await commandStatus(target.url, commandId);
    while (status === 'accepted' && Date.now() < deadline) {
      await sleep(20);
      status = await commandStatus(target.url, commandId);
    }
    if (status === 'succeeded') tally.laterSucceeded++;
  }
};

const httpContentionRow = (mode: Mode, tally: Tally, { writers, rounds }: ContentionShape): Row => {
  const commands = writers * rounds;
  return {
    mode: mode.name,
    rounds,
    writers,
    completed200: tally.ok200,
    accepted202: tally.accepted202,
    succeededAfter202: tally.laterSucceeded,
    failed: tally.failed,
    wallMs: round(median(tally.wallMs), 0),
    allDoneMs: round(median(tally.doneMs), 0),
    attemptsPerCommand: round(tally.attempts / Math.max(1, commands - tally.failed), 2),
    clientResends: tally.clientResends,
    requestsPerCommand: formatCounts(
      Object.fromEntries(Object.entries(tally.requests).map(([op, count]) => [op, round(count / commands, 2)])),
    ),
  };
};

export const httpContentionScenario = async (
  endpoint: string,
  shape: ContentionShape,
  stamp: string,
): Promise<Row[]> => {
  console.log('  peer: contention over HTTP (Prefer: respond-async, wait=5)');
  const target = await dynamoTarget(endpoint);
  const tallies = modes.map(() => emptyTally());
  try {
    for (let r = 0; r < shape.rounds; r++) {
      for (const m of r % 2 === 0 ? [0, 1] : [1, 0]) {
        const mode = modes[m];
        const tally = tallies[m];
        if (!mode || !tally) continue;
        await contendOnce(target, mode, tally, `${stamp}-http-${m}-${r}`, shape.writers);
      }
    }
  } finally {
    await target.close();
  }
  return modes.map((mode, m): Row => {
    const tally = tallies[m] ?? tallies[0];
    if (!tally) return { mode: mode.name };
    return httpContentionRow(mode, tally, shape);
  });
};
