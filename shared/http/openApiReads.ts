/**
 * The read conventions of the REST contract in the OpenAPI document (shared/http/readAnswers.ts
 * implements them): a GET whose answer carries an ETag takes `If-None-Match` and may answer 304,
 * and every GET has a HEAD twin, documented as the GET without bodies.
 */
import type { OperationSpec } from './openApiOperations';
import type { JsonSchema } from './openApiSchemas';

/** The GET's description with `If-None-Match` and its 304, where the 200 carries an ETag. */
export const conditionalRead = (get: OperationSpec): OperationSpec => {
  if (!get.responses[200]?.headers?.includes('ETag')) return get;
  return {
    ...get,
    parameters: [...(get.parameters ?? []), 'If-None-Match'],
    responses: {
      ...get.responses,
      304: { description: 'Not modified: If-None-Match names the current ETag (no body)', headers: ['ETag'] },
    },
  };
};

/** HEAD: the GET's parameters, statuses and headers, and no body on any answer. */
export const headOf = (get: OperationSpec): OperationSpec => ({
  ...get,
  summary: `${get.summary} (headers only)`,
  description: `The GET without its body: the same status and headers.${get.description ? ` ${get.description}` : ''}`,
  responses: Object.fromEntries(
    Object.entries(get.responses).map(([status, { description, headers }]) => [
      status,
      { description, ...(headers && { headers }) },
    ]),
  ),
});

/** The error responses of a HEAD: the GET's, without their content. */
export const withoutContent = (responses: Record<string, JsonSchema>): Record<string, JsonSchema> =>
  Object.fromEntries(Object.entries(responses).map(([status, { content: _, ...rest }]) => [status, rest]));
