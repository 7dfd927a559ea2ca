import type { DomainEvent } from '#core/decider';

export type TodoListCreated = DomainEvent<'TodoListCreated', { title: string; createdAt: string }>;
export type TodoListRenamed = DomainEvent<'TodoListRenamed', { title: string }>;
export type TodoPriority = 'low' | 'normal' | 'high';
/** Schema version 2 (eventSchemas.ts): version 1 had no priority. */
export type TodoAdded = DomainEvent<'TodoAdded', { todoId: string; text: string; priority: TodoPriority }>;
export type TodoCompleted = DomainEvent<'TodoCompleted', { todoId: string }>;
export type TodoReopened = DomainEvent<'TodoReopened', { todoId: string }>;
export type TodoRemoved = DomainEvent<'TodoRemoved', { todoId: string }>;
export type TodoListArchived = DomainEvent<'TodoListArchived', { archivedAt: string }>;

export type TodoListEvent =
  | TodoListCreated
  | TodoListRenamed
  | TodoAdded
  | TodoCompleted
  | TodoReopened
  | TodoRemoved
  | TodoListArchived;
