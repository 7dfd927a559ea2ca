import WebSocket from 'ws';

// biome-ignore lint/suspicious/noExplicitAny: frames are checked by the tests' assertions.
export type Frame = any;

/** A WebSocket test client: every frame received is kept; `next` waits for one that matches. */
export interface SocketClient {
  socket: WebSocket;
  frames: Frame[];
  send: (frame: unknown) => void;
  next: (match: (frame: Frame) => boolean, timeoutMs?: number) => Promise<Frame>;
  close: () => Promise<void>;
}

export const connectSocket = async (url: string, protocols?: string[]): Promise<SocketClient> => {
  const socket = protocols ? new WebSocket(url, protocols) : new WebSocket(url);
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()));
    for (const wake of waiters) wake();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_request, response) =>
      reject(new Error(`upgrade refused with ${response.statusCode}`)),
    );
  });
  let consumed = 0;
  const next = (match: (frame: Frame) => boolean, timeoutMs = 5000) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        for (let i = consumed; i < frames.length; i++) {
          if (match(frames[i])) {
            consumed = i + 1;
            waiters.delete(check);
            clearTimeout(timer);
            resolve(frames[i]);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`no matching frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(consumed))}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return {
    socket,
    frames,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next,
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
};
