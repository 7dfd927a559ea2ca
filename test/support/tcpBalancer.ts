/**
 * A load balancer in front of several runtimes, for the cluster tests: it passes TCP through (HTTP
 * and WebSocket upgrades alike) to the first upstream that accepts the connection, in the order
 * given, so a client sticks to the first runtime while it is up and moves to the next once it is
 * gone, as behind a real balancer with health checks.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';

const tryUpstreams = (upstreams: readonly { host: string; port: number }[], client: Socket, at = 0): void => {
  const upstream = upstreams[at];
  if (!upstream) return void client.destroy();
  const server = connect(upstream.port, upstream.host);
  server.once('error', () => {
    server.destroy();
    if (!client.destroyed) tryUpstreams(upstreams, client, at + 1);
  });
  server.once('connect', () => {
    server.removeAllListeners('error');
    server.on('error', () => client.destroy());
    client.on('error', () => server.destroy());
    client.pipe(server).pipe(client);
  });
};

export const startTcpBalancer = async (
  urls: readonly string[],
): Promise<{ url: string; close: () => Promise<void> }> => {
  const upstreams = urls.map((url) => ({ host: new URL(url).hostname, port: Number(new URL(url).port) }));
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    sockets.add(client);
    client.once('close', () => sockets.delete(client));
    client.pause(); // until an upstream accepts: then the pipe takes what the client sent
    tryUpstreams(upstreams, client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
};
