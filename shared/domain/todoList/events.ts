import type { DomainEvent } from '#core/decider';

export type TodoListCreated = DomainEvent<'TodoListCreated', { title: string; createdAt: string }>;
export type TodoListRenamed = DomainEvent<'TodoListRenamed', { title: string }>;
export type TodoAdded = DomainEvent<'TodoAdded', { todoId: string; text: string }>;
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
