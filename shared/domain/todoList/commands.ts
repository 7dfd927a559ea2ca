import type { Command } from '#core/decider';
import { idSchema } from '#core/ids';
import * as z from '#core/zod';

const title = z.string().check(z.trim(), z.minLength(1), z.maxLength(200));
const text = z.string().check(z.trim(), z.minLength(1), z.maxLength(500));

/** One schema per command type: the payload is checked before any state is loaded. */
export const todoListCommandSchemas = {
  CreateTodoList: z.strictObject({ title }),
  RenameTodoList: z.strictObject({ title }),
  AddTodo: z.strictObject({ todoId: idSchema, text }),
  CompleteTodo: z.strictObject({ todoId: idSchema }),
  ReopenTodo: z.strictObject({ todoId: idSchema }),
  RemoveTodo: z.strictObject({ todoId: idSchema }),
  ArchiveTodoList: z.strictObject({}),
} as const;

type Schemas = typeof todoListCommandSchemas;
export type TodoListCommand = {
  [K in keyof Schemas]: Command<K, z.infer<Schemas[K]>>;
}[keyof Schemas];
