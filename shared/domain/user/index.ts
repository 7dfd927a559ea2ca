/** The user feature: its aggregate and its view, registered once in `shared/domain/index.ts`. */
import { defineFeature } from '#core/feature';
import { userAggregate } from './aggregate';
import { userProjection } from './userView';

export { userAggregate } from './aggregate';
export type { UserCommand } from './commands';
export type { UserState } from './decider';
export type { UserEvent } from './events';
export { type UserView, userProjection } from './userView';

export const userFeature = defineFeature({ aggregate: userAggregate, projections: [userProjection] });
