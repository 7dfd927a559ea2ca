/**
 * The typed client's types come from the features: a command's `type` fixes its payload, a
 * projection's name its view. The `@ts-expect-error` lines are the test (`npm run typecheck`
 * fails if one of them compiles); the runtime assertions only keep the values used.
 */
import { describe, expect, it } from 'vitest';
import type { SampleCommand, SampleViews } from './index';

describe('the sample domain as a typed client sees it', () => {
  it("types each command's payload by its type, and each view by its projection", () => {
    const add: SampleCommand = { type: 'AddTodo', aggregateId: 'l1', payload: { todoId: 't1', text: 'milk' } };
    // @ts-expect-error AddTodo's payload has no title
    const wrong: SampleCommand = { type: 'AddTodo', aggregateId: 'l1', payload: { title: 'x' } };
    // @ts-expect-error no such command type
    const unknown: SampleCommand = { type: 'Teleport', aggregateId: 'l1', payload: {} };
    const openCount: SampleViews['todoList']['openCount'] = 1;
    const balance: SampleViews['accountBalance']['balance'] = 5;
    // @ts-expect-error no such projection
    const none: SampleViews['nope'] = undefined;
    expect([add.type, wrong.type, unknown.type, openCount, balance, none]).toHaveLength(6);
  });
});
