/** Commands sent over the socket and waiting for their answer, by `requestId`. */
import type { CommandResult, Pending } from './clientTypes';

export class PendingCommands {
  private readonly pending = new Map<string, Pending>();
  private requests = 0;

  /** Sends with `send` (false: not connected) and resolves with the answer `settle` brings. */
  send(send: (requestId: string) => boolean): Promise<CommandResult> {
    const requestId = `r${++this.requests}`;
    return new Promise<CommandResult>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      if (!send(requestId)) {
        this.pending.delete(requestId);
        reject(new Error('Not connected; the command was not sent'));
      }
    });
  }

  /** A `commandResult` frame, or an error frame that echoes a `requestId`. */
  settle(frame: { type: string; [field: string]: unknown }): void {
    const requestId = String(frame.requestId);
    const pending = this.pending.get(requestId);
    this.pending.delete(requestId);
    const { type: _type, requestId: _id, ...rest } = frame;
    if (frame.type === 'commandResult') pending?.resolve(rest as unknown as CommandResult);
    else pending?.resolve({ status: 400, error: rest as unknown as CommandResult['error'] });
  }

  /** The socket closed: no answer will come to what is waiting. */
  rejectAll(): void {
    for (const [requestId, pending] of this.pending) {
      pending.reject(new Error('The connection closed before the answer arrived; send again with an idempotencyKey'));
      this.pending.delete(requestId);
    }
  }
}
