import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { ContextCatalog } from '#application/contextCatalog';
import { fieldIssues } from '#application/zodIssues';
import { CairnError, NotFoundError, ValidationError } from '#core/errors';
import * as z from '#core/zod';
import { type Authenticator, authorize } from '#http/authorize';
import { requireMethod } from '#http/methods';
import { jsonBody, pathSegments } from '#http/request';
import { errorResponse, json } from '#http/responses';

/** The pseudo-context whose `admin` role manages the deployment (context names cannot start with `_`). */
export const ADMIN_AREA = '_admin';

const createBody = z.object({ name: z.string() });

/**
 * `/v1/_admin/contexts`: `GET` lists the contexts with their state, `POST {"name"}` creates one
 * (201), `DELETE /v1/_admin/contexts/{name}` retires one. All need `admin` in `_admin`.
 * Without a catalog (CAIRN_CONTEXTS=*: every well-formed context exists) only listing works.
 */
export const createContextAdminApi = (deps: {
  catalog: ContextCatalog | undefined;
  authenticate?: Authenticator;
  now: () => Date;
  log: (error: unknown) => void;
}) => {
  const catalog = () => {
    if (!deps.catalog) {
      throw new CairnError(
        'CONTEXTS_OPEN',
        409,
        'Contexts are open here (CAIRN_CONTEXTS=*): any well-formed name exists',
      );
    }
    return deps.catalog;
  };
  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      await authorize(event, deps.authenticate, ADMIN_AREA, 'admin');
      const [, , , name, ...rest] = pathSegments(event.path);
      if (rest.length > 0) throw new NotFoundError('NOT_FOUND', `No route ${event.path}`);
      if (name === undefined) {
        const method = await requireMethod(event, '/v1/_admin/contexts');
        if (method === 'GET') return json(200, { contexts: (await deps.catalog?.list()) ?? [], open: !deps.catalog });
        const parsed = createBody.safeParse(jsonBody(event, 1024));
        if (!parsed.success) throw new ValidationError('Invalid context', fieldIssues(parsed.error));
        const record = await catalog().create(parsed.data.name, deps.now());
        return json(201, record, { location: `/v1/_admin/contexts/${record.name}` });
      }
      await requireMethod(event, '/v1/_admin/contexts/{name}');
      return json(200, await catalog().retire(name, deps.now()));
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
};

/** `/v1/_admin/contexts[/{name}]`. */
export const isContextAdminPath = (segments: readonly string[]): boolean =>
  segments[0] === 'v1' && segments[1] === ADMIN_AREA && segments[2] === 'contexts' && segments.length <= 4;
