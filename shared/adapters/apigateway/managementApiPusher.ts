import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import {
  ApiGatewayManagementApiClient,
  type ApiGatewayManagementApiClientConfig,
  DeleteConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { Pusher, PushOutcome } from '#ports/connectionRegistry';

export interface ManagementApiTimeouts {
  connectionTimeout: number;
  requestTimeout: number;
  maxAttempts: number;
  /** Requests in flight at once; more wait for a socket (and their time counts). */
  maxSockets: number;
}

/**
 * How long one management-API call may take. The SDK's default is no timeout at all, so one
 * connection whose frames API Gateway does not accept would hold up the projection worker that
 * pushes to it, and with it every view and push behind that event. A Lambda pushes 50 at a time.
 */
export const MANAGEMENT_API_TIMEOUTS: ManagementApiTimeouts = {
  connectionTimeout: 1_000,
  requestTimeout: 3_000,
  maxAttempts: 2,
  maxSockets: 50,
};

/** The management-API client with timeouts on every call (in Lambda and in the local runtime). */
export const managementApiClient = (
  config: Omit<ApiGatewayManagementApiClientConfig, 'requestHandler' | 'maxAttempts'> & { endpoint: string },
  timeouts: ManagementApiTimeouts = MANAGEMENT_API_TIMEOUTS,
): ApiGatewayManagementApiClient => {
  const agentOptions = { keepAlive: true, maxSockets: timeouts.maxSockets };
  return new ApiGatewayManagementApiClient({
    ...config,
    maxAttempts: timeouts.maxAttempts,
    requestHandler: {
      connectionTimeout: timeouts.connectionTimeout,
      requestTimeout: timeouts.requestTimeout,
      // Without this, the SDK's handler only logs a warning when requestTimeout passes, and waits on.
      throwOnRequestTimeout: true,
      ...(config.endpoint.startsWith('https:')
        ? { httpsAgent: new HttpsAgent(agentOptions) }
        : { httpAgent: new HttpAgent(agentOptions) }),
    },
  });
};

const statusOf = (error: unknown): number | undefined =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

const nameOf = (error: unknown): string | undefined => (error as { name?: string }).name;

/**
 * Pushes through API Gateway's WebSocket management API (`POST /@connections/{id}`). Locally the
 * runtime's WebSocket gateway serves the same API, so this exact code runs against it too.
 */
export class ManagementApiPusher implements Pusher {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async push(connectionId: string, payload: string): Promise<PushOutcome> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(payload) }),
      );
      return 'sent';
    } catch (error) {
      if (nameOf(error) === 'GoneException' || statusOf(error) === 410) return 'gone';
      // "The client is sending more than the allowed number of requests per unit of time or the
      // WebSocket client side buffer is full" — still so after the SDK's retry with back-off.
      if (nameOf(error) === 'LimitExceededException' || statusOf(error) === 429) return 'full';
      throw error;
    }
  }

  /**
   * `DELETE /@connections/{id}`. API Gateway takes no close code here and closes with its own
   * (reported as 1000); the local gateway answers the same request. A gone connection is closed.
   */
  async close(connectionId: string): Promise<void> {
    try {
      await this.client.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    } catch (error) {
      if (nameOf(error) === 'GoneException' || statusOf(error) === 410) return;
      throw error;
    }
  }
}
