import { sampleDomain } from '#domain/index';
import { createCommandApi } from '#handlers/commandApi';

/**
 * The command API as it serves the generated documents (`/openapi.json`, `/asyncapi.json`): with
 * an authenticator that fails the test if a token is asked for, since those routes take none.
 */
export const documentServingApi = () =>
  createCommandApi({
    registry: sampleDomain.aggregates,
    projections: sampleDomain.projections,
    authenticate: async () => {
      throw new Error('no token is asked for');
    },
    log: () => {},
    newId: () => 'id',
    now: () => new Date(),
  } as unknown as Parameters<typeof createCommandApi>[0]);
