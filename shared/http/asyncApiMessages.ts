/**
 * The AsyncAPI messages: one per frame a client sends (by `action`) and per frame the server sends
 * (by `type`), each with its payload schema (asyncApiFrames.ts) and what it does.
 */
import type { ServerFrameType } from '#application/outboundFrames';
import { socketErrorsDescription } from './asyncApiErrors';
import { type ClientAction, frameSchemaName } from './asyncApiFrames';
import { type JsonSchema, ref } from './openApiSchemas';

const CLIENT: Record<Exclude<ClientAction, keyof typeof TAIL>, { summary: string; description?: string }> = {
  subscribe: {
    summary: 'Follow a view, or a collection',
    description:
      'With `key`: answered `subscribed`, then the current view (unless it is not newer than `fromVersion`), then a `view` (or `viewChanged`) frame on every change. Without a key: the collection (every view of the projection, or with `filter: "field:value"` those with that value of a declared filter field): `subscribed` with `collection: true` and `more`, then its first 50 views, then every member change (`memberRemoved` when a member leaves the filter value). Needs the reader role.',
  },
  unsubscribe: { summary: 'Stop following a view or a collection', description: 'Answered `unsubscribed`.' },
  command: {
    summary: 'Send a command',
    description:
      'As `POST /v1/{context}/commands`, with `expectedVersion` for If-Match and `idempotencyKey` for Idempotency-Key. Answered `commandResult` with the same `requestId`. Needs the writer role.',
  },
  ping: {
    summary: 'Keep the connection open',
    description: 'Answered `pong`; a connection idle 10 minutes is closed.',
  },
  authenticate: {
    summary: 'Renew the token on the open socket',
    description:
      "The connection (and each subscription) takes the fresh token's expiry and role. It must verify, be for the same subject and grant at least reader in the connection's context; otherwise an UNAUTHENTICATED or FORBIDDEN error frame, and the old token stays.",
  },
};

const TAIL = {
  tail: {
    summary: "Follow every event of the connection's context (the live tail)",
    description:
      "Answered `tailing`, then an `event` frame for each event as the projection worker takes it (a repeat after a redelivery carries the same `streamKey` and `version`). Best-effort: the first second after `tail` may be missed, and the stream's events are read back over REST. Needs the reader role.",
  },
  untail: { summary: 'Stop the live tail', description: 'Answered `untailed`.' },
};

const SERVER: Record<ServerFrameType, { summary: string; description?: string }> = {
  subscribed: { summary: 'The subscription is stored' },
  unsubscribed: { summary: 'The subscription is removed' },
  view: { summary: 'A view: its current version after `subscribe`, then every change' },
  viewChanged: {
    summary: 'A view changed, too large for a frame',
    description:
      "Sent instead of `view` when the frame would pass API Gateway's 32 KB: fetch it from `GET /v1/{context}/views/{projection}/{key}`.",
  },
  viewPatch: {
    summary: 'A view changed, as a JSON Patch from the version before',
    description:
      'For subscriptions with `patches: true`, when smaller than the whole view and within 32 KB: RFC 6902 `add`/`remove`/`replace` turning the view at `baseVersion` into the view at `version`. A client that holds another version (or cannot apply it) fetches the view.',
  },
  memberRemoved: {
    summary: 'A member left a filtered collection',
    description:
      "Its value of the filter's field changed away from the filter's (`version` is the view's new version).",
  },
  commandResult: {
    summary: "A command's answer",
    description:
      "`status` 200: the REST answer's body (`commandId`, `aggregateId`, `version`, `events`). Otherwise the REST status and `error: {code, message, ...}` as in REST (a business rule's refusal is 422 with its own code).",
  },
  pong: { summary: 'The answer to `ping`' },
  tailing: { summary: "The connection follows its context's events" },
  untailed: { summary: 'The live tail is stopped' },
  event: {
    summary: 'One event of the context (live tail)',
    description:
      "Its stream, version, type and data as stored (`schemaVersion` is the shape it was stored in); without `data` (`dataOmitted`) when the frame would pass API Gateway's 32 KB: read it from `GET /v1/{context}/aggregates/{aggregateType}/{aggregateId}/events`.",
  },
  authenticated: {
    summary: 'The fresh token is taken',
    description:
      '`expiresAt` is its expiry (epoch seconds); absent when auth is off (local only), and nothing changed.',
  },
  error: {
    summary: 'A frame that could not be served, or a connection about to be closed',
    description: `The connection stays open unless said otherwise. Act on \`code\`, not on the close code that may follow:\n${socketErrorsDescription()}`,
  },
};

const message = (name: string, text: { summary: string; description?: string }, extra: JsonSchema = {}) => ({
  name,
  title: name,
  summary: text.summary,
  ...(text.description && { description: text.description }),
  contentType: 'application/json',
  payload: ref(frameSchemaName(name as ClientAction | ServerFrameType)),
  ...extra,
});

/** A command's `requestId` comes back on its `commandResult` (and on an error frame about it). */
const byRequestId = {
  correlationId: { description: "The command frame's requestId", location: '$message.payload#/requestId' },
};

const CLIENT_TEXT: Record<ClientAction, { summary: string; description?: string }> = { ...CLIENT, ...TAIL };

export const CLIENT_MESSAGES = Object.keys(CLIENT_TEXT) as ClientAction[];
export const SERVER_MESSAGES = Object.keys(SERVER) as ServerFrameType[];

/** `components.messages`: every frame, by its action or type (they share no name). */
export const messages = (): Record<string, JsonSchema> => ({
  ...Object.fromEntries(
    CLIENT_MESSAGES.map((name) => [name, message(name, CLIENT_TEXT[name], name === 'command' ? byRequestId : {})]),
  ),
  ...Object.fromEntries(
    SERVER_MESSAGES.map((name) => [
      name,
      message(name, SERVER[name], name === 'commandResult' || name === 'error' ? byRequestId : {}),
    ]),
  ),
});
