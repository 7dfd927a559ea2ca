import fc from 'fast-check';
import { applyPatch as libraryApply } from 'rfc6902';
import { describe, expect, it } from 'vitest';
import { jsonPatch } from '#core/jsonPatch';
import { applyPatch } from '../../web/jsonPatch';

/** As JSON carries it: what both ends compare (no `undefined`, no `-0`). */
const json = (value: unknown): unknown => JSON.parse(JSON.stringify(value ?? null));

/** The server's patch must turn `before` into `after` with the browser's apply and with the library's. */
const roundTrips = (before: unknown, after: unknown): void => {
  const patch = jsonPatch(before, after);
  if (!patch) {
    // Refused only for a path through an unsafe name, which the data must then hold.
    expect(JSON.stringify([before, after])).toMatch(/"(__proto__|constructor|prototype)":/);
    return;
  }
  const frozen = JSON.stringify(before ?? null);
  expect(json(applyPatch(before, patch))).toEqual(json(after));
  expect(JSON.stringify(before ?? null)).toBe(frozen); // the base is left as it was
  const copy = json(before);
  const results = libraryApply(copy, patch as never);
  if (results.every((result) => result === null)) expect(json(copy)).toEqual(json(after));
};

const todo = fc.record({ todoId: fc.string({ maxLength: 6 }), text: fc.string({ maxLength: 12 }), done: fc.boolean() });
const edit = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), item: todo }),
  fc.record({ kind: fc.constant('remove' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('toggle' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('rename' as const), title: fc.string() }),
);
type Edit = typeof edit extends fc.Arbitrary<infer E> ? E : never;
type List = { title: string; todos: { todoId: string; text: string; done: boolean }[] };

/** The list after the edits, each a new version as a projection's evolve makes it (the old one untouched). */
const edited = (list: List, edits: Edit[]): List => {
  let view = list;
  for (const change of edits) {
    const todos = [...view.todos];
    const at = 'at' in change ? change.at % (todos.length + 1) : 0;
    if (change.kind === 'rename') view = { title: change.title, todos };
    else {
      if (change.kind === 'insert') todos.splice(at, 0, change.item);
      else if (change.kind === 'remove') todos.splice(at, 1);
      else if (todos[at]) todos[at] = { ...todos[at], done: !todos[at].done };
      view = { title: view.title, todos };
    }
  }
  return view;
};

describe('JSON Patch between view versions', () => {
  it('turns any JSON value into any other', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.jsonValue(), roundTrips), { numRuns: 500 });
  });

  it('turns a list into the list after a few edits anywhere in it, with few operations', () => {
    const list = fc.record({ title: fc.string(), todos: fc.array(todo, { maxLength: 30 }) });
    fc.assert(
      fc.property(list, fc.array(edit, { minLength: 1, maxLength: 4 }), (before, edits) => {
        const after = edited(before, edits);
        roundTrips(before, after);
        if (edits.length === 1) expect(jsonPatch(before, after)?.length ?? 0).toBeLessThanOrEqual(1);
      }),
      { numRuns: 500 },
    );
  });

  it('escapes pointers (~0, ~1) and drops undefined fields as JSON does', () => {
    const patch = jsonPatch({ 'a/b': 1, 'c~d': 1, gone: 1 }, { 'a/b': 2, 'c~d': 2, gone: undefined });
    expect(patch).toEqual([
      { op: 'remove', path: '/gone' },
      { op: 'replace', path: '/a~1b', value: 2 },
      { op: 'replace', path: '/c~0d', value: 2 },
    ]);
  });

  it('is never computed through __proto__, constructor or prototype', () => {
    expect(jsonPatch(JSON.parse('{"__proto__":{"a":1}}'), JSON.parse('{"__proto__":{"a":2}}'))).toBeUndefined();
    expect(jsonPatch({ constructor: 1 }, { constructor: 2 })).toBeUndefined();
    expect(jsonPatch({ a: { prototype: 1 } }, {})).toEqual([{ op: 'remove', path: '/a' }]);
  });

  it('the browser apply refuses unsafe segments and anything but own members, polluting nothing', () => {
    const refused = [
      [{ op: 'add', path: '/__proto__/polluted', value: true }],
      [{ op: 'add', path: '/constructor/prototype/polluted', value: true }],
      [{ op: 'add', path: '/a/__proto__', value: { polluted: true } }],
      [{ op: 'replace', path: '/toString', value: 1 }],
      [{ op: 'remove', path: '/missing' }],
      [{ op: 'add', path: '/list/5', value: 1 }],
      [{ op: 'add', path: '/list/01', value: 1 }],
      [{ op: 'move', from: '/a', path: '/b' }],
    ] as const;
    for (const patch of refused) expect(() => applyPatch({ a: {}, list: [1] }, patch as never)).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(applyPatch({ list: [1] }, [{ op: 'add', path: '/list/-', value: 2 }])).toEqual({ list: [1, 2] });
    expect(applyPatch({ a: 1 }, [{ op: 'replace', path: '', value: [3] }])).toEqual([3]);
  });
});
