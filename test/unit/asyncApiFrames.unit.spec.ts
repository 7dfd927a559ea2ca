/**
 * The AsyncAPI document tells the truth about the frames: every frame the real WebSocket handler
 * and live views send, over the embedded adapters and the sample domain, matches its message's
 * schema in the document (ajv) and the outbound frame schemas (zod); every frame a client sent that
 * was served matches its own message. Together the frames cover every server frame type.
 */
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedReadModelStore } from '#adapters/embedded/embeddedReadModelStore';
import { type Principal, UnauthenticatedError } from '#application/access';
import { errorFrame } from '#application/connectionChecks';
import { fixedContexts } from '#application/contextGates';
import { EventTail } from '#application/eventTail';
import { LiveViews } from '#application/liveViews';
import { SERVER_FRAMES, type ServerFrameType } from '#application/outboundFrames';
import { ThrottledError } from '#core/errors';
import { sampleDomain } from '#domain/index';
import { todoListProjection } from '#domain/todoList/index';
import { createWebSocketApi, type WebSocketEvent } from '#handlers/websocket/websocketApi';
import { buildAsyncApi } from '#http/asyncApi';
import { embeddedAdapters } from '#runtime/embeddedAdapters';
import { projected, viewAfter } from '../support/projectionSpec';
import { commandServiceOver } from '../support/sampleCommandService';

const doc = buildAsyncApi(sampleDomain);
const components = doc.components as { messages: Record<string, { payload: { $ref: string } }> };
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'doc', components });
const validatorOf = (message: string) => {
  const payload = components.messages[message]?.payload;
  if (!payload) throw new Error(`No message '${message}' in the document`);
  return ajv.compile({ $ref: `doc${payload.$ref}` });
};

const T0 = Date.parse('2026-11-22T10:00:00.000Z') / 1000;
const grant = (role: 'reader' | 'writer', expiresAt: number): Principal => ({
  subject: 'ann',
  roles: new Map([['default', role]]),
  expiresAt,
});
const TOKENS = new Map([
  ['writer', grant('writer', T0 + 600)],
  ['reader', grant('reader', T0 + 600)],
  ['fresh', grant('writer', T0 + 3600)],
]);

const setup = () => {
  let clock = T0 * 1000;
  const now = () => new Date(clock);
  const contexts = new Set(['default']);
  const registry = new EmbeddedConnectionRegistry();
  const views = new EmbeddedReadModelStore();
  const sent: Record<string, unknown>[] = [];
  const pusher = {
    push: async (_connectionId: string, payload: string) => {
      sent.push(JSON.parse(payload));
      return 'sent' as const;
    },
    close: async () => {},
  };
  const live = (maxFrameBytes?: number) =>
    new LiveViews({
      registry,
      pusher,
      views,
      projections: sampleDomain.projections,
      contexts: fixedContexts(contexts),
      now,
      ...(maxFrameBytes !== undefined && { maxFrameBytes }),
    });
  const liveViews = live();
  const verify = async (token: string) => {
    const found = TOKENS.get(token);
    if (!found) throw new UnauthenticatedError('The token is not valid');
    return found;
  };
  let ids = 0;
  const api = createWebSocketApi({
    registry,
    liveViews,
    pusher,
    commands: commandServiceOver(embeddedAdapters()),
    contexts: fixedContexts(contexts),
    authenticate: async (event) => verify(event.queryStringParameters?.token ?? ''),
    verify,
    newId: () => `id-${++ids}`,
    now,
  });
  const event = (routeKey: string, connectionId: string, body?: string): WebSocketEvent => ({
    requestContext: { routeKey, connectionId },
    ...(body !== undefined && { body }),
  });
  const connect = (connectionId: string, token: string) =>
    api({ ...event('$connect', connectionId), queryStringParameters: { context: 'default', token } });
  /** Sends a frame (an object, or raw text) and returns what it was answered with. */
  const send = async (connectionId: string, frame: unknown) => {
    const before = sent.length;
    await api(event('frame', connectionId, typeof frame === 'string' ? frame : JSON.stringify(frame)));
    return sent.slice(before);
  };
  const tail = new EventTail({ registry, pusher, now });
  return { sent, views, contexts, live, liveViews, tail, connect, send, advanceTo: (s: number) => (clock = s * 1000) };
};

const command = (requestId: string, type: string, payload: unknown) => ({
  action: 'command',
  requestId,
  command: { type, aggregateId: 'l1', payload },
});

describe('frames the handlers produce, against the AsyncAPI document', () => {
  it('match their messages, and cover every server frame type', async () => {
    const { sent, views, contexts, live, liveViews, tail, connect, send, advanceTo } = setup();
    const served: unknown[] = [];
    const serve = async (frame: unknown) => {
      const answers = await send('c1', frame);
      // A frame the server served (no error, no refused command) is a good one: its message must take it.
      if (answers.every((a) => a.type !== 'error' && (a.type !== 'commandResult' || a.status === 200))) {
        served.push(frame);
      }
      return answers;
    };
    await connect('c1', 'writer');
    await connect('c2', 'reader');

    const created = await serve(command('r1', 'CreateTodoList', { title: 'Groceries' }));
    const added = await serve(command('r2', 'AddTodo', { todoId: 't1', text: 'Milk' }));
    await serve(command('r3', 'CreateTodoList', { title: 'Again' })); // a business rule's refusal: 422
    await serve(command('r4', 'AddTodo', { todoId: 't2' })); // an invalid payload: 400
    const events = [...created, ...added].flatMap((answer) => answer.events as { type: string; data: unknown }[]);
    const data = viewAfter(
      todoListProjection,
      'l1',
      events.map((e, i) => projected('todoList', 'l1', e.type, e.data, i + 1)),
    );
    const view = { context: 'default', projection: 'todoList', key: 'l1', version: 2, data };
    await views.put({ ...view, revision: 1, sources: {}, updatedAt: new Date().toISOString() }, 0);

    await serve({ action: 'subscribe', projection: 'todoList', key: 'l1', fromVersion: 0, patches: true });
    await liveViews.pushChanges([{ ...view, version: 3 }]);
    // A change with the view it was folded onto: a patch to the subscriber that asked for them.
    const renamed = { ...(data as object), title: 'Renamed' };
    await liveViews.pushChanges([{ ...view, version: 5, data: renamed, previous: { version: 4, data } }]);
    sent.push(live(10).frameOf(view) as unknown as Record<string, unknown>); // too large for a frame: viewChanged
    await serve({ action: 'unsubscribe', projection: 'todoList', key: 'l1' });
    // A filtered collection: its first page, then a member that leaves the filter value.
    await serve({ action: 'subscribe', projection: 'todoList', filter: 'archived:false' });
    // (after the key subscription is gone: its patches are counted above)
    const open = { filters: ['false'], sort: '\u0000l1' };
    const archived = { filters: ['true'], sort: '\u0000l1' };
    await liveViews.pushChanges([{ ...view, version: 4, index: archived, previousIndex: open }]);
    await serve({ action: 'unsubscribe', projection: 'todoList', filter: 'archived:false' });
    await serve({ action: 'ping' });
    await serve({ action: 'authenticate', token: 'fresh' });
    // The live tail: an event of the context to the reader that follows it.
    await serve({ action: 'tail' });
    await tail.push({
      streamKey: 'default#todoList#l1',
      context: 'default',
      aggregateType: 'todoList',
      aggregateId: 'l1',
      type: 'TodoListRenamed',
      version: 3,
      committedAt: new Date(T0 * 1000).toISOString(),
      data: { title: 'Renamed' },
    });
    await serve({ action: 'untail' });

    await send('c1', 'not json');
    await send('c1', { action: 'dance' });
    await send('c1', { action: 'subscribe', projection: 'todoList', filter: 'title:Groceries' }); // no such filter field
    await send('c1', { action: 'subscribe', projection: 'nothing', key: 'l1' });
    await send('c1', { action: 'authenticate', token: 'forged' });
    await send('c1', { action: 'ping', pad: 'x'.repeat(130 * 1024) });
    await send('c2', command('r5', 'AddTodo', { todoId: 't3', text: 'Tea' })); // a reader: FORBIDDEN
    await send('nobody', { action: 'ping' }); // NOT_CONNECTED
    sent.push(errorFrame(new ThrottledError(50, 100))); // as the local gateway answers a flood
    advanceTo(T0 + 600);
    await send('c2', { action: 'ping' }); // TOKEN_EXPIRED, then closed
    contexts.delete('default');
    await send('c1', { action: 'ping' }); // UNKNOWN_CONTEXT, then closed

    for (const frame of sent) {
      const type = frame.type as ServerFrameType;
      const validate = validatorOf(type);
      expect(validate(frame), `${JSON.stringify(frame)}: ${JSON.stringify(validate.errors)}`).toBe(true);
      expect(SERVER_FRAMES[type].safeParse(frame).success, JSON.stringify(frame)).toBe(true);
    }
    expect(new Set(sent.map((frame) => frame.type))).toEqual(new Set(Object.keys(SERVER_FRAMES)));
    const codes = sent.filter((frame) => frame.type === 'error').map((frame) => frame.code);
    expect(new Set(codes).size).toBe(11); // every code of the document's error frame but INTERNAL_ERROR
    expect(sent.filter((frame) => frame.type === 'commandResult').map((frame) => frame.status)).toEqual([
      200, 200, 422, 400,
    ]);
    for (const frame of served) {
      const action = (frame as { action: string }).action;
      expect(validatorOf(action)(frame), JSON.stringify(frame)).toBe(true);
    }
    expect(served).toHaveLength(10);
  });
});
