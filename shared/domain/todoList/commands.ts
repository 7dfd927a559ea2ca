import { z } from 'zod';
import type { Command } from '../../core/decider';
import { idSchema } from '../../core/ids';

const title = z.string().trim().min(1).max(200);
const text = z.string().trim().min(1).max(500);

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
