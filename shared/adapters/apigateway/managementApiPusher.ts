import {
  type ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GoneException,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import type { Pusher } from '../../ports/connectionRegistry';

/**
 * Pushes through API Gateway's WebSocket management API (`POST /@connections/{id}`). Locally the
 * runtime's WebSocket gateway serves the same API, so this exact code runs against it too.
 */
export class ManagementApiPusher implements Pusher {
  constructor(private readonly client: ApiGatewayManagementApiClient) {}

  async push(connectionId: string, payload: string): Promise<'sent' | 'gone'> {
    try {
      await this.client.send(
        new PostToConnectionCommand({ ConnectionId: connectionId, Data: new TextEncoder().encode(payload) }),
      );
      return 'sent';
    } catch (error) {
      if (
        error instanceof GoneException ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410
      ) {
        return 'gone';
      }
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
      if (
        error instanceof GoneException ||
        (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 410
      )
        return;
      throw error;
    }
  }
}
