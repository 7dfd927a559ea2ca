import { defineAggregate } from '#core/aggregate';
import { todoListCommandSchemas } from './commands';
import { todoListDecider } from './decider';

export const todoListAggregate = defineAggregate({
  type: 'todoList',
  commands: todoListCommandSchemas,
  decider: todoListDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});
