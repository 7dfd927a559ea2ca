/** The seat aggregate: its type (in URLs and stream keys), its commands and its decider. */
import { defineAggregate } from '#core/aggregate';
import { seatCommandSchemas } from './commands';
import { seatDecider } from './decider';

export const seatAggregate = defineAggregate({
  type: 'seat',
  commands: seatCommandSchemas,
  decider: seatDecider,
  snapshotEvery: 100,
  snapshotSchemaVersion: 1,
});
