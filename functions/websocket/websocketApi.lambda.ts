/** Lambda entry: API Gateway WebSocket (`$connect`, `$disconnect`, one route per action, `$default`). */
import { lambdaCairn } from '#runtime/lambdaCairn';

export const handler = lambdaCairn.webSocketApi();
