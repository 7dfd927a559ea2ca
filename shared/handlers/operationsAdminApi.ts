import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { Principal } from '#application/access';
import { requireServedContext } from '#application/contextGates';
import type { PendingDeadlines } from '#application/processRecord';
import { switchGeneration } from '#application/projectionRebuild';
import { type ProjectionStatusDeps, projectionStatuses } from '#application/projectionStatus';
import { fieldIssues } from '#application/zodIssues';
import { CairnError, NotFoundError, ValidationError } from '#core/errors';
import type { ProcessRegistry } from '#core/processManager';
import * as z from '#core/zod';
import { type Authenticator, authorize } from '#http/authorize';
import { requireMethod } from '#http/methods';
import { intParam, jsonBody, pathSegments } from '#http/request';
import { json } from '#http/responses';
import type { ContextGate } from '#ports/contextGate';
import type { ReadModelStore } from '#ports/readModelStore';
import { type DeadLetterRoutes, listLetters, redriveLetters } from './deadLetterAdminApi';

export interface OperationsAdminDeps {
  /** What projection positions are counted from; none (no stream catalog): those routes are UNAVAILABLE_HERE. */
  status: () => ProjectionStatusDeps | undefined;
  processes?: ProcessRegistry;
  /** The process managers' stored state; without it their list is UNAVAILABLE_HERE. */
  processStore?: () => ReadModelStore | undefined;
  deadLetters: DeadLetterRoutes;
  contexts?: ContextGate;
  authenticate?: Authenticator;
  now: () => Date;
}

const switchBody = z.strictObject({ generation: z.int().check(z.positive()) });

const unavailable = (what: string) =>
  new CairnError('UNAVAILABLE_HERE', 501, `This deployment gives its admin API no ${what}`);

/** The principal's grants, as the console decides which actions to offer (the API decides again). */
const whoAmI = (principal: Principal | undefined) =>
  principal
    ? {
        subject: principal.subject,
        roles: Object.fromEntries(principal.roles),
        ...(principal.expiresAt !== undefined && { expiresAt: principal.expiresAt }),
      }
    : { subject: 'anonymous', roles: {}, authOff: true };

const deadlinesOf = (data: unknown) =>
  Object.entries((data as { deadlines?: PendingDeadlines }).deadlines ?? {}).map(([name, pending]) => ({
    name,
    dueAt: pending.dueAt,
  }));

/**
 * The operator's routes of one context (the console's): its projections with their generations
 * and positions, the switch between generations, the dead letters of the projection and process
 * workers with their redrive, the process managers with their instances and pending deadlines;
 * and `GET /v1/_whoami`, what the caller's token grants. Reading needs `reader` in the context,
 * acting `admin`, checked on the token as everywhere else.
 */
export const createOperationsAdminApi = (deps: OperationsAdminDeps) => {
  const projections = async (context: string) => {
    const status = deps.status();
    if (!status) throw unavailable('stream catalog to count projection positions from');
    return json(200, { context, projections: await projectionStatuses(status, context) });
  };

  const switchTo = async (event: APIGatewayProxyEvent, context: string, name: string) => {
    const parsed = switchBody.safeParse(jsonBody(event, 1024));
    if (!parsed.success) throw new ValidationError('Give {"generation": n}', fieldIssues(parsed.error));
    const status = deps.status();
    if (!status) throw unavailable('read-model store to switch generations in');
    const { projections: registry, generations } = status;
    registry.require(name);
    const state = await switchGeneration(generations, context, name, parsed.data.generation);
    return json(200, { context, projection: name, ...state });
  };

  const processes = async (event: APIGatewayProxyEvent, context: string) => {
    const limit = intParam(event, 'limit', 50, { min: 1, max: 200 });
    const store = deps.processStore?.();
    if (!store) throw unavailable('process store');
    const managers = [];
    for (const manager of deps.processes?.all() ?? []) {
      const page = await store.page(context, manager.name, { limit });
      const instances = page.views.map((view) => ({
        key: view.key,
        folded: view.version,
        updatedAt: view.updatedAt,
        state: (view.data as { state?: unknown }).state,
        deadlines: deadlinesOf(view.data),
      }));
      managers.push({ name: manager.name, sources: manager.sources, instances, more: page.next !== undefined });
    }
    return json(200, { context, processes: managers });
  };

  return async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
    const address = operationsAddress(pathSegments(event.path));
    if (!address) throw new NotFoundError('ROUTE_NOT_FOUND', `No route for ${event.path}`);
    if (address.kind === 'whoami') {
      await requireMethod(event, '/v1/_whoami', deps.authenticate);
      return json(200, whoAmI(deps.authenticate && (await deps.authenticate(event))));
    }
    const { context, kind, name } = address;
    const acting = event.httpMethod.toUpperCase() === 'POST';
    await authorize(event, deps.authenticate, context, acting ? 'admin' : 'reader');
    await requireServedContext(context, deps.contexts);
    switch (kind) {
      case 'projections':
        await requireMethod(event, '/v1/{context}/_admin/projections');
        return projections(context);
      case 'switch':
        await requireMethod(event, '/v1/{context}/_admin/projections/{projection}/switch');
        return switchTo(event, context, name);
      case 'deadLetters':
        await requireMethod(event, '/v1/{context}/_admin/dead-letters/{queue}');
        return listLetters(deps.deadLetters, event, context, name);
      case 'redrive':
        await requireMethod(event, '/v1/{context}/_admin/dead-letters/{queue}/redrive');
        return redriveLetters(deps.deadLetters, event, context, name, deps.now);
      case 'processes':
        await requireMethod(event, '/v1/{context}/_admin/processes');
        return processes(event, context);
      default: {
        const unreachable: never = kind;
        throw new Error(`Unhandled route ${String(unreachable)}`);
      }
    }
  };
};

type Address =
  | { kind: 'whoami' }
  | { kind: 'projections' | 'switch' | 'deadLetters' | 'redrive' | 'processes'; context: string; name: string };

/** Which operator route a path is, if any. */
export const operationsAddress = (segments: readonly string[]): Address | undefined => {
  const [v1, context, area, what, name, action, ...rest] = segments;
  if (v1 !== 'v1' || rest.length > 0) return undefined;
  if (context === '_whoami' && area === undefined) return { kind: 'whoami' };
  if (!context || area !== '_admin') return undefined;
  if (what === 'projections' && name === undefined) return { kind: 'projections', context, name: '' };
  if (what === 'projections' && name && action === 'switch') return { kind: 'switch', context, name };
  if (what === 'processes' && name === undefined) return { kind: 'processes', context, name: '' };
  if (what === 'dead-letters' && name && action === undefined) return { kind: 'deadLetters', context, name };
  if (what === 'dead-letters' && name && action === 'redrive') return { kind: 'redrive', context, name };
  return undefined;
};
