import type { CommandsOf, ViewsOf } from '#core/clientTypes';
import { createDomain, type Domain } from '#core/domain';
import { bankAccountFeature } from './bankAccount';
import { todoListFeature } from './todoList';
import { userFeature } from './user';

/** The sample application's features: todo lists, users and bank accounts. Adding a feature is adding it here. */
const features = [todoListFeature, userFeature, bankAccountFeature] as const;

export const sampleDomain: Domain = createDomain(features);

/** What a typed client (the demo's) can send and read: each command's payload, each view's data. */
export type SampleCommand = CommandsOf<typeof features>;
export type SampleViews = ViewsOf<typeof features>;
