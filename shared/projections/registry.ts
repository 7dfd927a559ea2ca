import { createProjectionRegistry } from '../core/projection';
import { todoListProjection } from './todoList';
import { todoListsProjection } from './todoLists';
import { userProjection } from './user';

/** Every projection of the sample domain. Add a file, then list it here. */
export const projectionRegistry = createProjectionRegistry([todoListProjection, todoListsProjection, userProjection]);
