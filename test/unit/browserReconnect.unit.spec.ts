/**
 * The browser client's decisions around a reconnect: what follows a close (reconnectPolicy.ts),
 * and what its collections hold when pages and pushes arrive in any order (collections.ts).
 */
import { describe, expect, it } from 'vitest';
import type { View } from '../../web/clientTypes';
import { Collections } from '../../web/collections';
import { afterClose, GOING_AWAY, PLANNED_CUT_MIN_OPEN_MS } from '../../web/reconnectPolicy';

const closed = (code: number, openForMs: number | undefined, endedBy?: string, renewable = false) =>
  afterClose({ code, openForMs, endedBy, renewable });

describe('after its socket closed, the browser client', () => {
  it('reconnects at once after a planned cut (1001 on a connection that was open), backs off otherwise', () => {
    expect(closed(GOING_AWAY, 2 * 3600_000)).toBe('reconnect-now');
    expect(closed(GOING_AWAY, PLANNED_CUT_MIN_OPEN_MS)).toBe('reconnect-now');
    // Cut as soon as it opened, or never opened: no loop against that server.
    expect(closed(GOING_AWAY, PLANNED_CUT_MIN_OPEN_MS - 1)).toBe('back-off');
    expect(closed(GOING_AWAY, undefined)).toBe('back-off');
    for (const code of [1000, 1006, 1008, 1011, 1013]) expect(closed(code, 60_000), String(code)).toBe('back-off');
  });

  it('ends on a retired context or an expired fixed token, and replaces a renewable one at once', () => {
    expect(closed(1000, 60_000, 'UNKNOWN_CONTEXT', true)).toBe('end');
    expect(closed(1000, 60_000, 'TOKEN_EXPIRED', false)).toBe('end');
    expect(closed(1000, 60_000, 'TOKEN_EXPIRED', true)).toBe('reconnect-now');
    expect(closed(GOING_AWAY, 60_000, 'UNKNOWN_CONTEXT', true)).toBe('end');
  });
});

const view = (key: string, version: number, data: unknown = { version }): View => ({
  projection: 'todoLists',
  key,
  version,
  data,
});

describe("the browser client's collections", () => {
  it('hold a member not delivered yet at version 0, without data, so that its patch is fetched', () => {
    const collections = new Collections();
    expect(collections.held('todoLists', 'a')).toBeUndefined(); // not followed: not for this client
    collections.add('todoLists', undefined, () => {});
    expect(collections.held('todoLists', 'a')).toEqual({ version: 0 });
    collections.deliver(view('a', 3));
    expect(collections.held('todoLists', 'a')).toEqual({ version: 3, data: { version: 3 } });
    expect(collections.held('todoList', 'a')).toBeUndefined();
  });

  it('deliver each version once, and not a page listed before a member left its filter', () => {
    const collections = new Collections();
    const heard: [string, number, boolean][] = [];
    collections.add('todoLists', 'archived:false', (member, removed) =>
      heard.push([member.key, member.version, removed === true]),
    );
    collections.deliver(view('a', 2));
    collections.deliver(view('a', 2)); // the socket's page and the REST page both had it
    collections.deliver(view('a', 1));
    collections.removed({ projection: 'todoLists', key: 'a', version: 3, filter: 'archived:false' });
    collections.deliver(view('a', 2)); // a REST page read before it left
    collections.removed({ projection: 'todoLists', key: 'b', version: 5, filter: 'archived:false' }); // never held
    collections.deliver(view('b', 4));
    collections.deliver(view('a', 4)); // back in, later
    expect(heard).toEqual([
      ['a', 2, false],
      ['a', 3, true],
      ['a', 4, false],
    ]);
    // A removal older than what is held (it came back in since) removes nothing.
    collections.removed({ projection: 'todoLists', key: 'a', version: 3, filter: 'archived:false' });
    expect(collections.held('todoLists', 'a')).toMatchObject({ version: 4 });
    expect(heard).toHaveLength(3);
  });
});
