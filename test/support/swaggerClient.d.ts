/**
 * The part of swagger-client (SwaggerJS, which ships no types) that the generic-client e2e test
 * uses: resolve a document, then build and send requests by operationId.
 */
declare module 'swagger-client' {
  export interface SwaggerResponse {
    url: string;
    status: number;
    ok: boolean;
    headers: Record<string, string | string[]>;
    body: unknown;
    text: string;
  }

  export interface ExecuteOptions {
    operationId: string;
    parameters?: Record<string, unknown>;
    requestBody?: unknown;
    /** Per security scheme of the document: `{ authorized: { bearer: { value: token } } }`. */
    securities?: { authorized: Record<string, { value: string }> };
  }

  export interface BuiltRequest {
    url: string;
    method: string;
    headers: Record<string, string>;
    body?: unknown;
  }

  export interface SwaggerClientInstance {
    spec: Record<string, unknown>;
    /** Resolver errors: a `$ref` it could not follow, a part it could not read. */
    errors: unknown[];
    apis: Record<
      string,
      Record<string, (parameters?: Record<string, unknown>, options?: object) => Promise<SwaggerResponse>>
    >;
    /** Sends the request; rejects on a status outside 2xx with an error that holds the `response`. */
    execute(options: ExecuteOptions): Promise<SwaggerResponse>;
  }

  interface SwaggerClientStatic {
    (options: { spec?: object; url?: string }): Promise<SwaggerClientInstance>;
    buildRequest(options: ExecuteOptions & { spec: object; contextUrl?: string }): BuiltRequest;
  }

  const SwaggerClient: SwaggerClientStatic;
  export default SwaggerClient;
}
