import type { Server } from 'node:net';

/**
 * A server could not listen where it was told: which one, the address, and the system's reason
 * (`EADDRINUSE`, `EACCES`, `EADDRNOTAVAIL`, `ENOTFOUND` for a host name that does not resolve), so
 * that `npm start` can say what to change instead of dying on an unhandled 'error' event.
 */
export class ListenError extends Error {
  override readonly name = 'ListenError';
  constructor(
    readonly server: 'api' | 'management',
    readonly host: string,
    readonly port: number,
    readonly reason: string,
    options: { cause: unknown },
  ) {
    super(`the ${server} server cannot listen on ${host}:${port}: ${reason}`, options);
  }
}

/** Listens on `port` (0: any free one) at `host`, and resolves with the port it got. */
export const listen = (server: Server, port: number, host: string, name: ListenError['server']): Promise<number> =>
  new Promise((resolve, reject) => {
    const fail = (error: NodeJS.ErrnoException) => {
      reject(new ListenError(name, host, port, error.code ?? error.message, { cause: error }));
    };
    server.once('error', fail);
    try {
      server.listen(port, host, () => {
        server.off('error', fail);
        const address = server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    } catch (error) {
      // A port out of range throws at once (ERR_SOCKET_BAD_PORT) rather than emitting 'error'.
      server.off('error', fail);
      fail(error as NodeJS.ErrnoException);
    }
  });
