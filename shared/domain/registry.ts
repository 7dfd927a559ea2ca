import { createRegistry } from '../core/aggregate';
import { todoListAggregate } from './todoList';
import { userAggregate } from './user';

/** Every aggregate of the sample domain. Add a folder, then list it here. */
export const domainRegistry = createRegistry([todoListAggregate, userAggregate]);
