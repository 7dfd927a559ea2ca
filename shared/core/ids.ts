/**
 * Identifier rules shared by every layer. Keys are built as `context#aggregateType#aggregateId`, so
 * none of the parts may contain the separator, and together they must fit SQS's 128-character
 * MessageGroupId. The patterns are deliberately narrow: ASCII letters, digits and `_ - . : @`.
 */
import * as z from './zod';

export const CONTEXT_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,30}[a-z0-9])?$/;
/**
 * An aggregate type: with the longest context (32) and id (64) and two separators, a stream key
 * stays within the 128 characters of a MessageGroupId.
 */
export const AGGREGATE_TYPE_PATTERN = /^[A-Za-z][A-Za-z0-9_]{0,29}$/;
export const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:@-]{1,64}$/;

export const contextSchema = z
  .string()
  .check(z.regex(CONTEXT_PATTERN, 'lowercase letters, digits and dashes, 1-32 characters'));

export const idSchema = z.string().check(z.regex(ID_PATTERN, "1-64 characters of letters, digits and '_ - . : @'"));

/** The stream key of an aggregate: the partition key of its events and its FIFO message group. */
export const streamKeyOf = (context: string, aggregateType: string, aggregateId: string): string =>
  `${context}#${aggregateType}#${aggregateId}`;

export interface StreamAddress {
  context: string;
  aggregateType: string;
  aggregateId: string;
}

/** The inverse of `streamKeyOf`; the parts never contain the separator (see the patterns above). */
export const parseStreamKey = (streamKey: string): StreamAddress => {
  const [context, aggregateType, aggregateId, ...rest] = streamKey.split('#');
  if (!context || !aggregateType || !aggregateId || rest.length > 0) {
    throw new Error(`Not a stream key: '${streamKey}'`);
  }
  return { context, aggregateType, aggregateId };
};
