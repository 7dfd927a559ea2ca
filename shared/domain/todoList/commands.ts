import type { Command } from '#core/decider';
import { idSchema } from '#core/ids';
import * as z from '#core/zod';

const title = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));
const prioritySchema = z
  .enum(['low', 'normal', 'high'])
  .check(z.describe("The todo's priority; 'normal' if not given."));

/** A payload's example, shown in /openapi.json (zod carries it into the JSON Schema). */
const example = <T>(value: T) => z.meta({ examples: [value] });

/** One schema per command type: the payload is checked before any state is loaded. */
export const todoListCommandSchemas = {
  CreateTodoList: z.strictObject({ title }).check(example({ title: 'Groceries' })),
  RenameTodoList: z.strictObject({ title }).check(example({ title: 'Shopping' })),
  // `priority` is optional rather than defaulted here: a payload without it then parses to what it
  // did before priorities, so a retry under the same Idempotency-Key still matches the commit's
  // fingerprint. The decider applies the default.
  AddTodo: z
    .strictObject({ todoId: idSchema, text, priority: z.optional(prioritySchema) })
    .check(example({ todoId: 't1', text: 'Milk', priority: 'high' })),
  CompleteTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  ReopenTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  RemoveTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  ArchiveTodoList: z.strictObject({}).check(example({})),
} as const;

type Schemas = typeof todoListCommandSchemas;
export type TodoListCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
