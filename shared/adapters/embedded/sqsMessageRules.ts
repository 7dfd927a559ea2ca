/**
 * What SQS refuses in a FIFO SendMessage, refused alike by the embedded queue, so that a message
 * that works locally works in AWS (MessageGroupId and MessageDeduplicationId: 1-128 characters of
 * letters, digits and punctuation; a body of at most 256 KiB).
 */
import type { OutgoingMessage } from '#ports/messageQueue';

const SQS_ID = /^[A-Za-z0-9!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]{1,128}$/;
export const SQS_MAX_BODY_BYTES = 262_144;

export const checkSqsFifoMessage = (message: OutgoingMessage): void => {
  for (const [name, value] of [
    ['MessageGroupId', message.groupId],
    ['MessageDeduplicationId', message.dedupId],
  ] as const) {
    if (!SQS_ID.test(value)) {
      throw new RangeError(`${name} must be 1-128 letters, digits or punctuation (SQS): '${value.slice(0, 140)}'`);
    }
  }
  const bytes = Buffer.byteLength(message.body, 'utf8');
  if (bytes > SQS_MAX_BODY_BYTES) {
    throw new RangeError(`A message body is at most ${SQS_MAX_BODY_BYTES} bytes (SQS); this one is ${bytes}`);
  }
};
