import { createDomain, type Domain } from '#core/domain';
import { bankAccountFeature } from './bankAccount';
import { todoListFeature } from './todoList';
import { userFeature } from './user';

/** The sample domain: todo lists, users and bank accounts. Adding a feature is adding its folder to this list. */
export const sampleDomain: Domain = createDomain([todoListFeature, userFeature, bankAccountFeature]);
