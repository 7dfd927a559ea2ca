/**
 * The messages of the process queue: an event for one process (sent by the stream publisher), or
 * a deadline of one process that fired (sent by its schedule). Every message of one process shares
 * one FIFO group, so a process sees its events and deadlines one at a time, in order. Ids are
 * deterministic: a re-sent message is dropped by the queue, and the same cause always yields the
 * same commands, schedules and deadline ids.
 */
import { createHash } from 'node:crypto';
import * as z from '#core/zod';
import { eventMessageSchema } from './eventMessage';

const name = z.string().check(z.minLength(1), z.maxLength(64));
const key = z.string().check(z.minLength(1), z.maxLength(512));

export const processEventMessageSchema = z.strictObject({
  kind: z.literal('event'),
  process: name,
  key,
  event: eventMessageSchema,
});

export const processDeadlineMessageSchema = z.strictObject({
  kind: z.literal('deadline'),
  process: name,
  key,
  context: z.string().check(z.minLength(1)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  /** Which scheduling of that name this is: a replaced or cancelled one is ignored when it fires. */
  id: z.string().check(z.minLength(1), z.maxLength(128)),
  dueAt: z.iso.datetime(),
  payload: z.optional(z.unknown()),
});

export const processMessageSchema = z.discriminatedUnion('kind', [
  processEventMessageSchema,
  processDeadlineMessageSchema,
]);

export type ProcessEventMessage = z.infer<typeof processEventMessageSchema>;
/** As a sender builds it: the event's `schemaVersion` may be left out (1). */
export type ProcessEventMessageInput = z.input<typeof processEventMessageSchema>;
export type ProcessDeadlineMessage = z.infer<typeof processDeadlineMessageSchema>;
export type ProcessMessage = z.infer<typeof processMessageSchema>;

const hash = (...parts: string[]): string => createHash('sha256').update(JSON.stringify(parts)).digest('hex');

/** The FIFO group of one process (SQS allows 128 characters: a long key is hashed). */
export const processGroupId = (context: string, process: string, key: string): string => {
  const id = `${context}#${process}#${key}`;
  return id.length <= 128 ? id : `${context.slice(0, 40)}#${process}#${hash(key).slice(0, 40)}`;
};

/** The deduplication id of an event's message for one process. */
export const processEventDedupId = (process: string, streamKey: string, version: number): string =>
  hash('event', process, streamKey, String(version)).slice(0, 64);

/** The id of the `index`-th command that `cause` (an event position or a deadline id) made a process send. */
export const processCommandId = (context: string, process: string, key: string, cause: string, index: number) =>
  `p-${hash('command', context, process, key, cause, String(index)).slice(0, 48)}`;

/** The id of a deadline scheduled by `cause`: the same cause schedules the same deadline. */
export const deadlineIdOf = (context: string, process: string, key: string, name: string, cause: string) =>
  hash('deadline', context, process, key, name, cause).slice(0, 48);

/** The schedule's name: one per process and deadline name, so that a name scheduled again replaces it. */
export const scheduleNameOf = (context: string, process: string, key: string, name: string): string =>
  `cairn-${hash('schedule', context, process, key, name).slice(0, 48)}`;
