/**
 * The AsyncAPI document of the WebSocket protocol: valid AsyncAPI 3.0 (by the ecosystem's parser),
 * complete (every action, every server frame, every close code), current on disk, served open, and
 * true: the frames the real WebSocket handler and live views produce match its schemas.
 */
import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { SERVER_FRAMES } from '#application/outboundFrames';
import { CLOSE_CODES } from '#application/socketCloseCodes';
import { sampleDomain } from '#domain/index';
import { buildAsyncApi } from '#http/asyncApi';
import { WEBSOCKET_ACTIONS } from '#http/routes';
import { ASYNCAPI_FILE, asyncApiText } from '../../cli/asyncApi';
import { documentServingApi } from '../support/documentRoute';

const doc = buildAsyncApi(sampleDomain);
type Schema = Record<string, unknown>;
const components = doc.components as { schemas: Record<string, Schema>; messages: Record<string, Schema> };
const channel = doc.channels.socket as { messages: Record<string, Schema>; 'x-cairn-close-codes': Schema };
const operations = doc.operations as Record<string, { action: string; messages: { $ref: string }[] }>;

/** ajv (draft-07, AsyncAPI 3.0's schema dialect) over the document, so its `$ref`s resolve. */
const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ $id: 'doc', components: components as Schema });
const validatorOf = (message: string) => {
  const payload = components.messages[message]?.payload as { $ref: string } | undefined;
  if (!payload) throw new Error(`No message '${message}' in the document`);
  return ajv.compile({ $ref: `doc${payload.$ref}` });
};

const parse = (document: unknown) => new Parser().parse(JSON.stringify(document));

describe('the AsyncAPI document', () => {
  it('is a valid AsyncAPI 3.0 document', async () => {
    const { document, diagnostics } = await parse(doc);
    // Severity 0 is an error, 1 a warning; the one info says 3.1 exists.
    expect(diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    expect(document?.operations().all()).toHaveLength(Object.keys(operations).length);
  }, 20_000);

  it('is checked for real: a reply naming a message its channel lacks is an error', async () => {
    const broken = structuredClone(doc) as unknown as { operations: Record<string, { messages: unknown[] }> };
    const receive = broken.operations.receivePing;
    if (receive) receive.messages = [{ $ref: '#/channels/socket/messages/nothing' }];
    const { document, diagnostics } = await parse(broken);
    expect(document).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === 0)).toBe(true);
  }, 20_000);

  it('has a message and a receive operation for every WebSocket action, and a message for every server frame', () => {
    for (const action of WEBSOCKET_ACTIONS) {
      expect(channel.messages[action], action).toEqual({ $ref: `#/components/messages/${action}` });
      const receiving = Object.values(operations).filter((op) => op.action === 'receive');
      expect(receiving.flatMap((op) => op.messages.map((m) => m.$ref))).toContain(
        `#/channels/socket/messages/${action}`,
      );
    }
    for (const type of Object.keys(SERVER_FRAMES)) expect(channel.messages[type], type).toBeDefined();
    expect(Object.keys(channel.messages).sort()).toEqual([...WEBSOCKET_ACTIONS, ...Object.keys(SERVER_FRAMES)].sort());
  });

  it('lists every close code, and the token schemes and ?context= of the upgrade', () => {
    expect(Object.keys(channel['x-cairn-close-codes']).map(Number).sort()).toEqual(
      Object.values(CLOSE_CODES).sort((a, b) => a - b),
    );
    const local = (doc.servers as Record<string, Schema>).local;
    expect(local).toMatchObject({ protocol: 'ws', host: 'localhost:3000', pathname: '/ws' });
    expect(JSON.stringify(local?.security)).toContain('subprotocolToken');
    expect(JSON.stringify((doc.channels.socket as Schema).bindings)).toContain('"context"');
  });

  it('documents client frames as the parser takes them: a good command passes, a bad payload does not', () => {
    const command = validatorOf('command');
    const good = { action: 'command', requestId: 'r', command: { type: 'AddTodo', aggregateId: 'l1', payload: {} } };
    expect(command({ ...good, command: { ...good.command, payload: { todoId: 't', text: 'x' } } })).toBe(true);
    expect(command(good)).toBe(false); // AddTodo needs todoId and text
    expect(command({ ...good, command: { type: 'Nope', aggregateId: 'l1' } })).toBe(false);
    expect(validatorOf('subscribe')({ action: 'subscribe', projection: 'todoList', key: 'l1' })).toBe(true);
    expect(validatorOf('subscribe')({ action: 'subscribe', projection: 'nothing', key: 'l1' })).toBe(false);
    expect(validatorOf('ping')({ action: 'ping', extra: 1 })).toBe(false);
  });

  it('is committed as asyncapi.json, as `npm run asyncapi` writes it', () => {
    // If this fails: run `npm run asyncapi` and commit the file.
    expect(readFileSync(ASYNCAPI_FILE, 'utf8')).toBe(asyncApiText());
  });

  it('is served by the command API at GET /asyncapi.json, without a token', async () => {
    const api = documentServingApi();
    const answer = await api({ path: '/asyncapi.json', httpMethod: 'GET', headers: {} } as never);
    expect(answer.statusCode).toBe(200);
    expect(JSON.parse(answer.body)).toEqual(doc);
    expect((await api({ path: '/asyncapi.json', httpMethod: 'DELETE', headers: {} } as never)).statusCode).toBe(405);
  });
});
