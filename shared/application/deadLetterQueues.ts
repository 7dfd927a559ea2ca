/**
 * A context's dead letters, listed and redriven over the queue ports, so that the same code serves
 * the embedded queues (read in place: `peek`, `remove`) and SQS (received, kept hidden while they
 * are looked at, then released). A redriven message goes back to its own FIFO group with a fresh
 * deduplication id: the old one may still be inside the queue's deduplication window.
 */
import type { DeadLetterQueue, MessageQueue, ReceivedMessage } from '#ports/messageQueue';
import { type DeadLetter, deadLetterSchema } from './deadLetter';

export interface ListedDeadLetter extends DeadLetter {
  /** The queue's message id: what a redrive names. */
  id: string;
  /** One line about the failed message: its event, or its process and deadline. */
  summary: string;
  /** The failed message itself, parsed (its raw text when it is no JSON). */
  message: unknown;
}

export interface DeadLetterList {
  letters: ListedDeadLetter[];
  /** False when letters may be missing: more than the page holds, or SQS FIFO hiding a group's rest. */
  complete: boolean;
}

export type RedriveChoice = { ids: readonly string[] } | { all: true };

/** Messages looked at per request on a queue that can only be received: a request's work is bounded. */
export const MAX_SCANNED = 1000;
/** How long a received letter stays hidden while it is looked at (released at once after). */
const HOLD_MS = 30_000;

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
};

/** One line about a message of the projection queue (`TodoAdded v3`) or of the process queue. */
const summaryOf = (message: unknown): string => {
  if (typeof message !== 'object' || message === null) return '(not JSON)';
  const m = message as Record<string, unknown>;
  const event = (of: unknown) => {
    const e = (of ?? {}) as Record<string, unknown>;
    return `${String(e.type ?? '?')} v${String(e.version ?? '?')} of ${String(e.streamKey ?? '?')}`;
  };
  const process = `${String(m.process)}/${String(m.key)}`;
  if (m.kind === 'event') return `${process}: ${event(m.event)}`;
  if (m.kind === 'deadline') return `${process}: deadline ${String(m.name)} due ${String(m.dueAt)}`;
  return event(m);
};

export const parseDeadLetter = (received: ReceivedMessage): ListedDeadLetter => {
  const parsed = deadLetterSchema.safeParse(parseJson(received.body));
  // Not the worker's letter: moved by the queue's redrive policy (a worker that crashed), no reason known.
  const letter: DeadLetter = parsed.success
    ? parsed.data
    : {
        reason: `moved by the queue after ${received.receiveCount} receives (no error recorded)`,
        failedAt: new Date(received.sentAt).toISOString(),
        receiveCount: received.receiveCount,
        groupId: received.groupId,
        dedupId: received.dedupId,
        body: received.body,
      };
  const message = parseJson(letter.body);
  return { id: received.messageId, ...letter, summary: summaryOf(message), message };
};

/**
 * Every FIFO group of a context starts with its name (stream keys, process groups); no context
 * chosen: every letter (the CLI's view of a whole queue).
 */
const inContext = (context: string | undefined) => (letter: { groupId: string }) =>
  context === undefined || letter.groupId.startsWith(`${context}#`);

/**
 * Receives what the queue hands out (at most MAX_SCANNED), gives each letter to `visit` (true: it
 * is done with, acknowledge it), and releases the rest. Returns whether the scan saw everything.
 */
const scan = async (queue: DeadLetterQueue, visit: (letter: ListedDeadLetter) => Promise<boolean>) => {
  const held: string[] = [];
  let seen = 0;
  let exhausted = false;
  try {
    while (seen < MAX_SCANNED) {
      const batch = await queue.receive({ max: 10, waitMs: 0, visibilityMs: HOLD_MS });
      if (batch.length === 0) {
        exhausted = true;
        break;
      }
      for (const received of batch) {
        seen += 1;
        if (await visit(parseDeadLetter(received))) await queue.ack(received.receiptHandle);
        else held.push(received.receiptHandle);
      }
    }
  } finally {
    await Promise.all(held.map((handle) => queue.release(handle)));
  }
  return exhausted;
};

/** Up to `max` dead letters of `context` (all: undefined), oldest first where the queue keeps an order. */
export const listDeadLetters = async (
  queue: DeadLetterQueue,
  context: string | undefined,
  max: number,
): Promise<DeadLetterList> => {
  const ours = inContext(context);
  if (queue.peek) {
    const all = queue.peek().map(parseDeadLetter).filter(ours);
    return { letters: all.slice(0, max), complete: all.length <= max };
  }
  const letters: ListedDeadLetter[] = [];
  // SQS FIFO hands out a group's messages no further once some are in flight: at most 10 each.
  const perGroup = new Map<string, number>();
  let overflow = false;
  const exhausted = await scan(queue, async (letter) => {
    perGroup.set(letter.groupId, (perGroup.get(letter.groupId) ?? 0) + 1);
    if (!ours(letter)) return false;
    if (letters.length < max) letters.push(letter);
    else overflow = true;
    return false;
  });
  const groupsCut = [...perGroup.values()].some((count) => count >= 10);
  return { letters, complete: exhausted && !overflow && !groupsCut };
};

/**
 * Sends the chosen dead letters of `context` (all: undefined) back to `target`, each removed from the dead-letter
 * queue once it is sent (a crash between the two sends it twice: the worker treats a repeat as the
 * duplicate it is). Answers the ids redriven, and those asked for that were not found.
 */
export const redriveDeadLetters = async (
  queue: DeadLetterQueue,
  target: MessageQueue,
  context: string | undefined,
  choice: RedriveChoice,
  now: () => number = Date.now,
): Promise<{ redriven: string[]; missing: string[] }> => {
  const wanted = 'ids' in choice ? new Set(choice.ids) : undefined;
  const ours = inContext(context);
  const chosen = (letter: ListedDeadLetter) => ours(letter) && (!wanted || wanted.has(letter.id));
  const redriven: string[] = [];
  const send = async (letter: ListedDeadLetter) => {
    await target.send({ groupId: letter.groupId, dedupId: `${letter.dedupId}:r${now()}`, body: letter.body });
    redriven.push(letter.id);
  };
  if (queue.peek && queue.remove) {
    for (const received of queue.peek()) {
      const letter = parseDeadLetter(received);
      if (!chosen(letter)) continue;
      await send(letter);
      queue.remove(received.messageId);
    }
  } else {
    await scan(queue, async (letter) => {
      if (!chosen(letter) || (wanted && redriven.length >= wanted.size)) return false;
      await send(letter);
      return true;
    });
  }
  const done = new Set(redriven);
  return { redriven, missing: wanted ? [...wanted].filter((id) => !done.has(id)) : [] };
};
