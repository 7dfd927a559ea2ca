import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { listDeadLetters, redriveDeadLetters } from '#application/deadLetterQueues';
import { fieldIssues } from '#application/zodIssues';
import { CairnError, ValidationError } from '#core/errors';
import * as z from '#core/zod';
import { intParam, jsonBody } from '#http/request';
import { json } from '#http/responses';
import type { DeadLetterQueue, MessageQueue } from '#ports/messageQueue';

/** A worker's dead-letter queue and the queue its letters go back to. */
export interface DeadLetterRoute {
  deadLetters: DeadLetterQueue;
  target: MessageQueue;
}

/** The dead-letter queues by name: `projections` (the projection worker's), `processes` (the process worker's). */
export type DeadLetterRoutes = {
  projections?: () => DeadLetterRoute | undefined;
  processes?: () => DeadLetterRoute | undefined;
};

export const QUEUE_NAMES = ['projections', 'processes'] as const;

const MAX_IDS = 100;
const redriveBody = z.union([
  z.strictObject({
    ids: z.array(z.string().check(z.minLength(1), z.maxLength(128))).check(z.minLength(1), z.maxLength(MAX_IDS)),
  }),
  z.strictObject({ all: z.literal(true) }),
]);

/** The queue named in the path: UNKNOWN_QUEUE for another name, UNAVAILABLE_HERE when this process has none. */
const routeOf = (routes: DeadLetterRoutes, name: string): DeadLetterRoute => {
  if (name !== 'projections' && name !== 'processes') {
    throw new CairnError('UNKNOWN_QUEUE', 404, `No dead-letter queue '${name}'`, { knownQueues: QUEUE_NAMES });
  }
  const route = routes[name]?.();
  if (!route) {
    throw new CairnError('UNAVAILABLE_HERE', 501, `This deployment gives its admin API no ${name} dead-letter queue`);
  }
  return route;
};

/** `GET /v1/{context}/_admin/dead-letters/{queue}?limit=`: the context's letters, each with its failed message and error. */
export const listLetters = async (
  routes: DeadLetterRoutes,
  event: APIGatewayProxyEvent,
  context: string,
  queue: string,
): Promise<APIGatewayProxyResult> => {
  const limit = intParam(event, 'limit', 50, { min: 1, max: 200 });
  const { deadLetters } = routeOf(routes, queue);
  return json(200, { context, queue, ...(await listDeadLetters(deadLetters, context, limit)) });
};

/**
 * `POST /v1/{context}/_admin/dead-letters/{queue}/redrive` with `{"ids": [...]}` or `{"all": true}`:
 * sends them back to the queue they came from; answers what was redriven and what was not found.
 */
export const redriveLetters = async (
  routes: DeadLetterRoutes,
  event: APIGatewayProxyEvent,
  context: string,
  queue: string,
  now: () => Date,
): Promise<APIGatewayProxyResult> => {
  const parsed = redriveBody.safeParse(jsonBody(event, 16 * 1024));
  if (!parsed.success) throw new ValidationError('Give {"ids": [...]} or {"all": true}', fieldIssues(parsed.error));
  const { deadLetters, target } = routeOf(routes, queue);
  const result = await redriveDeadLetters(deadLetters, target, context, parsed.data, () => now().getTime());
  return json(200, { context, queue, ...result });
};
