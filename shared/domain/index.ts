import { createDomain, type Domain } from '../core/domain';
import { todoListFeature } from './todoList';
import { userFeature } from './user';

/** The sample domain: todo lists and users. Adding a feature is adding its folder to this list. */
export const sampleDomain: Domain = createDomain([todoListFeature, userFeature]);
