import { connect } from 'node:net';

/**
 * Sends raw bytes to a local port and resolves with everything the server wrote before it closed
 * (or before `timeoutMs`). The socket stays open for writing, as HTTP clients keep it: Node's
 * server takes a half-close (FIN) as the client giving up, and drops a request still being handled.
 */
export const sendRaw = (port: number, bytes: string, timeoutMs = 5_000) =>
  new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let answer = '';
    const timer = setTimeout(() => socket.destroy(), timeoutMs);
    socket.on('data', (chunk) => {
      answer += chunk;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(answer);
    });
    socket.on('error', () => {});
  });

/** The status of a raw HTTP answer, or 0 if the connection ended without one. */
export const statusOfRaw = (answer: string): number => Number(/^HTTP\/1\.[01] (\d{3})/.exec(answer)?.[1] ?? 0);
