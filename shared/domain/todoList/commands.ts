import type { Command } from '#core/decider';
import { idSchema } from '#core/ids';
import * as z from '#core/zod';

const title = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

/** A payload's example, shown in /openapi.json (zod carries it into the JSON Schema). */
const example = <T>(value: T) => z.meta({ examples: [value] });

/** One schema per command type: the payload is checked before any state is loaded. */
export const todoListCommandSchemas = {
  CreateTodoList: z.strictObject({ title }).check(example({ title: 'Groceries' })),
  RenameTodoList: z.strictObject({ title }).check(example({ title: 'Shopping' })),
  AddTodo: z.strictObject({ todoId: idSchema, text }).check(example({ todoId: 't1', text: 'Milk' })),
  CompleteTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  ReopenTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  RemoveTodo: z.strictObject({ todoId: idSchema }).check(example({ todoId: 't1' })),
  ArchiveTodoList: z.strictObject({}).check(example({})),
} as const;

type Schemas = typeof todoListCommandSchemas;
export type TodoListCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
