import { defineAggregate } from '#core/aggregate';
import { todoListCommandSchemas } from './commands';
import { todoListDecider } from './decider';
import { todoListEventSchemas } from './eventSchemas';

export const todoListAggregate = defineAggregate({
  type: 'todoList',
  commands: todoListCommandSchemas,
  decider: todoListDecider,
  snapshotEvery: 100,
  // 2 since todos keep their priority: a snapshot holds state, not events, so upcasting TodoAdded
  // cannot fix one written before; those (version 1) are ignored and the state is folded from events.
  snapshotSchemaVersion: 2,
  events: todoListEventSchemas,
});
