import { defineAggregate } from '#core/aggregate';
import { userCommandSchemas } from './commands';
import { userDecider } from './decider';

export const userAggregate = defineAggregate({
  type: 'user',
  commands: userCommandSchemas,
  decider: userDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});
