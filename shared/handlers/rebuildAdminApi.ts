import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { requireServedContext } from '#application/contextGates';
import { type RebuildDeps, type RebuildProgress, rebuildProjection } from '#application/projectionRebuild';
import { fieldIssues } from '#application/zodIssues';
import { CairnError, NotFoundError, ValidationError } from '#core/errors';
import * as z from '#core/zod';
import { type Authenticator, authorize } from '#http/authorize';
import { requireMethod } from '#http/methods';
import { jsonBody, pathSegments } from '#http/request';
import { errorResponse, json } from '#http/responses';
import type { ContextGate } from '#ports/contextGate';
import { ADMIN_AREA } from './contextAdminApi';

/**
 * The admin routes of the projection side, for the process that runs the workers (the local
 * runtime): `POST /v1/{context}/_admin/projections/{name}/rebuild` (or the same under
 * `/v1/_admin/contexts/{context}/projections/{name}/rebuild`) starts a rebuild and answers
 * 202; `GET` on the same path reports its progress. `npm run replay` drives them.
 * Both need the admin role in the context; the path under the `_admin` area also needs `admin` in
 * `_admin`, like everything else there (being admin of one context does not open the area).
 */
export const createProjectionAdminApi = (
  deps: RebuildDeps & { contexts?: ContextGate; authenticate?: Authenticator; log: (error: unknown) => void },
) => {
  const rebuilds = new Map<string, RebuildProgress>();

  const start = async (event: APIGatewayProxyEvent, context: string, name: string): Promise<APIGatewayProxyResult> => {
    deps.projections.require(name);
    const mode = rebuildMode(event);
    const key = `${context}/${name}`;
    const running = rebuilds.get(key);
    if (running && (running.state === 'preparing' || running.state === 'building')) {
      throw new CairnError('REBUILD_IN_PROGRESS', 409, `A rebuild of '${name}' is running`, { progress: running });
    }
    let first: RebuildProgress | undefined;
    const started = new Promise<RebuildProgress>((resolve, reject) => {
      rebuildProjection(
        deps,
        context,
        name,
        (progress) => {
          rebuilds.set(key, progress);
          first ??= progress;
          resolve(progress);
        },
        mode,
      ).catch(reject);
    });
    // Answer once the rebuild has claimed its generation (or was refused); it goes on afterwards.
    const progress = first ?? (await started);
    return json(202, progress, { location: `/v1/${context}/_admin/projections/${name}/rebuild` });
  };

  const status = (context: string, name: string): APIGatewayProxyResult => {
    const progress = rebuilds.get(`${context}/${name}`);
    if (!progress) throw new NotFoundError('REBUILD_NOT_FOUND', `No rebuild of '${name}' in this process`);
    return json(200, progress);
  };

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    try {
      const { context = '', name = '', inAdminArea = false } = rebuildAddress(pathSegments(event.path)) ?? {};
      if (inAdminArea) await authorize(event, deps.authenticate, ADMIN_AREA, 'admin');
      await requireServedContext(context, deps.contexts);
      await authorize(event, deps.authenticate, context, 'admin');
      const route = inAdminArea
        ? '/v1/_admin/contexts/{context}/projections/{projection}/rebuild'
        : '/v1/{context}/_admin/projections/{projection}/rebuild';
      const method = await requireMethod(event, route); // authenticated above
      return method === 'POST' ? await start(event, context, name) : status(context, name);
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };
};

const rebuildBody = z.strictObject({ switch: z.optional(z.enum(['auto', 'manual'])) });

/**
 * How a rebuild ends: `{"switch": "manual"}` leaves the built generation for an operator to switch
 * to (`POST .../switch`); no body, `{}` or `"auto"` switches readers to it once it is built.
 */
const rebuildMode = (event: APIGatewayProxyEvent): 'switch' | 'hold' => {
  if (!event.body) return 'switch';
  const parsed = rebuildBody.safeParse(jsonBody(event, 1024));
  if (!parsed.success)
    throw new ValidationError('Give {"switch": "auto" | "manual"}, {} or no body', fieldIssues(parsed.error));
  return parsed.data.switch === 'manual' ? 'hold' : 'switch';
};

/**
 * The context and projection of a rebuild path: `/v1/{context}/_admin/projections/{name}/rebuild`,
 * or the same filed under the `_admin` area, `/v1/_admin/contexts/{context}/projections/{name}/rebuild`.
 */
const rebuildAddress = (
  segments: readonly string[],
): { context: string; name: string; inAdminArea: boolean } | undefined => {
  const [v1, first, second, third, fourth, fifth, sixth, ...rest] = segments;
  if (v1 !== 'v1' || rest.length > 0) return undefined;
  if (second === '_admin' && third === 'projections' && fifth === 'rebuild' && sixth === undefined) {
    return first && fourth ? { context: first, name: fourth, inAdminArea: false } : undefined;
  }
  if (first === '_admin' && second === 'contexts' && fourth === 'projections' && sixth === 'rebuild') {
    return third && fifth ? { context: third, name: fifth, inAdminArea: true } : undefined;
  }
  return undefined;
};

export const isRebuildPath = (segments: readonly string[]): boolean => rebuildAddress(segments) !== undefined;
