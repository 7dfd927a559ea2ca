/** Lambda entry: API Gateway WebSocket (`$connect`, `$disconnect`, one route per action, `$default`). */
import type { WebSocketEvent, WebSocketResult } from '../../shared/handlers/websocket/websocketApi';
import { lambdaCairn } from '../../shared/runtime/lambdaCairn';

const api = lambdaCairn.webSocketApi();

export const handler = (event: WebSocketEvent): Promise<WebSocketResult> => api(event);
