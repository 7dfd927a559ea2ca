/**
 * The bad-input suite: every malformed request over HTTP and WebSocket gets its typed error, and
 * the stores are byte-for-byte unchanged afterwards. (Issue 6 adds tokens; this part needs none.)
 */
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataFiles, quietDataFiles } from '../support/dataFiles';
import { getJson, postJson, type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';

const dataDir = mkdtempSync(join(tmpdir(), 'cairn-bad-'));
let runtime: RuntimeProcess;

beforeAll(async () => {
  runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: dataDir });
  const commands = `${runtime.url}/v1/default/commands`;
  await postJson(commands, { type: 'CreateTodoList', aggregateId: 'list-1', payload: { title: 'Kept' } });
  await postJson(commands, { type: 'AddTodo', aggregateId: 'list-1', payload: { todoId: 't1', text: 'x' } });
});
afterAll(async () => {
  await runtime?.stop();
});

const weirdIds = ['', 'a#b', 'a/b', 'ünïcødé', '😀', ' ', 'x'.repeat(1000), '../etc', 'a%23b'];

/** A raw HTTP request, so that headers a fetch client would refuse can be sent. */
const rawRequest = (port: number, text: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.end(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

describe('bad input over HTTP and WebSocket changes nothing', () => {
  it('answers every bad request with its typed error and leaves the data byte-for-byte unchanged', async () => {
    const before = await quietDataFiles(dataDir);
    const commands = `${runtime.url}/v1/default/commands`;
    const cases: [string, unknown, Record<string, string>, number, string][] = [
      ['malformed JSON', '{"type":', {}, 400, 'INVALID_JSON'],
      ['array body', '[]', {}, 400, 'VALIDATION_FAILED'],
      ['null body', 'null', {}, 400, 'VALIDATION_FAILED'],
      ['number type', { type: 7, aggregateId: 'list-1' }, {}, 400, 'VALIDATION_FAILED'],
      ['missing aggregateId', { type: 'AddTodo', payload: {} }, {}, 400, 'VALIDATION_FAILED'],
      [
        'extra field',
        { type: 'ArchiveTodoList', aggregateId: 'list-1', payload: {}, x: 1 },
        {},
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown command', { type: 'DropTables', aggregateId: 'list-1' }, {}, 400, 'UNKNOWN_COMMAND'],
      [
        'payload wrong type',
        { type: 'AddTodo', aggregateId: 'list-1', payload: { todoId: 1, text: [] } },
        {},
        400,
        'VALIDATION_FAILED',
      ],
      [
        'text too long',
        { type: 'AddTodo', aggregateId: 'list-1', payload: { todoId: 'n', text: 'x'.repeat(501) } },
        {},
        400,
        'VALIDATION_FAILED',
      ],
      [
        'oversized body',
        { type: 'CreateTodoList', aggregateId: 'big', payload: { title: 'x'.repeat(300_000) } },
        {},
        413,
        'PAYLOAD_TOO_LARGE',
      ],
      [
        'negative If-Match',
        { type: 'ArchiveTodoList', aggregateId: 'list-1' },
        { 'If-Match': '"-1"' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'fractional If-Match',
        { type: 'ArchiveTodoList', aggregateId: 'list-1' },
        { 'If-Match': '"1.5"' },
        400,
        'VALIDATION_FAILED',
      ],
      [
        'stale If-Match',
        { type: 'ArchiveTodoList', aggregateId: 'list-1' },
        { 'If-Match': '"1"' },
        409,
        'VERSION_CONFLICT',
      ],
      [
        'key with #',
        { type: 'ArchiveTodoList', aggregateId: 'list-1' },
        { 'Idempotency-Key': 'a#b' },
        400,
        'VALIDATION_FAILED',
      ],
      ['wrong media type', 'title=x', { 'content-type': 'text/plain' }, 415, 'UNSUPPORTED_MEDIA_TYPE'],
      ['unknown context', { type: 'ArchiveTodoList', aggregateId: 'list-1' }, {}, 404, 'UNKNOWN_CONTEXT'],
    ];
    for (const [name, body, headers, status, code] of cases) {
      const url = name === 'unknown context' ? `${runtime.url}/v1/elsewhere/commands` : commands;
      const response = await postJson(url, body, headers);
      expect([name, response.status, response.json.error?.code]).toEqual([name, status, code]);
    }
    for (const id of weirdIds) {
      const response = await postJson(commands, { type: 'CreateTodoList', aggregateId: id, payload: { title: 't' } });
      expect([id.slice(0, 20), response.status, response.json.error?.code]).toEqual([
        id.slice(0, 20),
        400,
        'VALIDATION_FAILED',
      ]);
      const view = await getJson(`${runtime.url}/v1/default/views/todoList/${encodeURIComponent(id)}`);
      if (id === '') {
        // No key: the path is the projection's collection, which lists (the refused id is not in it).
        expect([view.status, Array.isArray(view.json.items)]).toEqual([200, true]);
      } else {
        expect([400, 404]).toContain(view.status);
        expect(view.json.error.code).toMatch(/^(VALIDATION_FAILED|ROUTE_NOT_FOUND)$/);
      }
      const events = await getJson(`${runtime.url}/v1/default/aggregates/todoList/${encodeURIComponent(id)}/events`);
      expect([400, 404]).toContain(events.status);
    }
    for (const minVersion of ['-1', '1.5', 'abc', '1e3', '99999999999999999999']) {
      const view = await getJson(`${runtime.url}/v1/default/views/todoList/list-1?minVersion=${minVersion}`);
      expect([minVersion, view.status, view.json.error.code]).toEqual([minVersion, 400, 'VALIDATION_FAILED']);
    }
    // Header injection: a CR/LF inside a header value never reaches the handler as a header.
    const injected = await rawRequest(
      Number(new URL(runtime.url).port),
      'POST /v1/default/commands HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nIdempotency-Key: a\rInjected: 1\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}',
    );
    expect(injected).toMatch(/^HTTP\/1\.1 400/);

    const socket = await connectSocket(`${runtime.url.replace('http', 'ws')}/ws?context=default`);
    const frames: [unknown, string][] = [
      ['{', 'INVALID_JSON'],
      [{ action: 'subscribe', projection: 'todoList', key: 'a#b' }, 'VALIDATION_FAILED'],
      [{ action: 'subscribe', projection: 'todoList', key: 'list-1', fromVersion: 1.5 }, 'VALIDATION_FAILED'],
      [{ action: 'subscribe', projection: 'todoList', key: 'list-1', fromVersion: -3 }, 'VALIDATION_FAILED'],
      [
        {
          action: 'command',
          requestId: 'r',
          command: { type: 'ArchiveTodoList', aggregateId: 'list-1' },
          expectedVersion: -1,
        },
        'VALIDATION_FAILED',
      ],
      [
        { action: 'command', requestId: 'x'.repeat(65), command: { type: 'ArchiveTodoList', aggregateId: 'list-1' } },
        'VALIDATION_FAILED',
      ],
      [
        { action: 'command', requestId: 'r2', command: { type: 'ArchiveTodoList', aggregateId: '😀' } },
        'VALIDATION_FAILED',
      ],
      [{ action: 'drop' }, 'UNKNOWN_ACTION'],
      [JSON.stringify({ action: 'ping', pad: 'x'.repeat(200_000) }), 'PAYLOAD_TOO_LARGE'],
    ];
    for (const [frame, code] of frames) {
      socket.send(frame);
      const answer = await socket.next((received) => received.type === 'error' || received.type === 'commandResult');
      expect([frame, answer.code ?? answer.error?.code]).toEqual([frame, code]);
    }
    await socket.close();

    await new Promise((done) => setTimeout(done, 300));
    expect(dataFiles(dataDir)).toEqual(before);
  });
});
