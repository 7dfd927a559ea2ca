import { defineAggregate } from '#core/aggregate';
import { bankAccountCommandSchemas } from './commands';
import { bankAccountDecider } from './decider';

export const bankAccountAggregate = defineAggregate({
  type: 'bankAccount',
  commands: bankAccountCommandSchemas,
  decider: bankAccountDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});
