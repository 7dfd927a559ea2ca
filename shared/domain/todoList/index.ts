/** The todo list feature: its aggregate and its views, registered once in `shared/domain/index.ts`. */
import { defineFeature } from '#core/feature';
import { todoListAggregate } from './aggregate';
import { todoListsProjection } from './todoListsView';
import { todoListProjection } from './todoListView';

export { todoListAggregate } from './aggregate';
export type { TodoListCommand } from './commands';
export type { TodoListEvent } from './events';
export type { TodoListState } from './state';
export { type TodoListSummary, todoListsProjection } from './todoListsView';
export { type TodoListView, type TodoView, todoListProjection } from './todoListView';

export const todoListFeature = defineFeature({
  aggregate: todoListAggregate,
  projections: [todoListProjection, todoListsProjection],
});
