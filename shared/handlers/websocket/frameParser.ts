import { ACTIONS, type ClientFrame, clientFrame, MAX_FRAME_BYTES } from '#application/socketFrames';
import { fieldIssues } from '#application/zodIssues';
import { CairnError, InvalidJsonError, PayloadTooLargeError, ValidationError } from '#core/errors';
import type { WebSocketEvent } from './websocketEvent';

/** One client frame, validated: PAYLOAD_TOO_LARGE, INVALID_JSON, UNKNOWN_ACTION or VALIDATION_FAILED otherwise. */
export const parseFrame = (event: WebSocketEvent): ClientFrame => {
  const raw = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  const size = Buffer.byteLength(raw);
  if (size > MAX_FRAME_BYTES) throw new PayloadTooLargeError('The frame', size, MAX_FRAME_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new InvalidJsonError(`The frame is not valid JSON: ${(error as Error).message}`);
  }
  const action = (json as { action?: unknown } | null)?.action;
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action)) {
    throw new CairnError('UNKNOWN_ACTION', 400, `Unknown action ${JSON.stringify(action)}`, {
      knownActions: ACTIONS,
    });
  }
  const parsed = clientFrame.safeParse(json);
  if (!parsed.success) throw new ValidationError(`Invalid ${action} frame`, fieldIssues(parsed.error));
  return parsed.data;
};
