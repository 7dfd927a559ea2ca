/**
 * Command to push across runtimes: two local runtimes in this process share a connection
 * registry and roster (as runtimes on one connections table do) and the management secret; a
 * socket on runtime A is subscribed to a list whose commands runtime B handles and projects, so
 * every push goes from B to A's management API (a signed HTTP request) and onto the socket. The
 * same measured with the command sent to A, whose push goes straight onto its own socket.
 * Interleaved one command at a time; the ratio is across ÷ same.
 */
import WebSocket from 'ws';
import { EmbeddedConnectionRegistry } from '#adapters/embedded/embeddedConnectionRegistry';
import { EmbeddedRuntimeRoster } from '#adapters/embedded/embeddedRuntimeRoster';
import { startLocalRuntime } from '../../local/runtime';
import { addTodo, createList, sendCommand } from '../http';
import { round, summarize } from '../stats';

const nextView = (socket: WebSocket, key: string, version: number) =>
  new Promise<number>((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const frame = JSON.parse(data.toString()) as { type: string; key: string; version: number };
      if (frame.type === 'view' && frame.key === key && frame.version >= version) {
        socket.off('message', onMessage);
        resolve(performance.now());
      }
    };
    socket.on('message', onMessage);
  });

export const crossRuntimePush = async (commands: number, tag: string) => {
  const shared = { registry: new EmbeddedConnectionRegistry(), roster: new EmbeddedRuntimeRoster() };
  const management = { secret: new TextEncoder().encode(`bench-${tag}`) };
  const [a, b] = await Promise.all(
    [0, 1].map(() => startLocalRuntime({ port: 0, ...shared, management, log: () => {} })),
  );
  if (!a || !b) throw new Error('runtimes did not start');
  const socket = new WebSocket(`${a.wsUrl}?context=default`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  try {
    const lists = { same: `${tag}-xr-a`, across: `${tag}-xr-b` };
    // Each list lives in the store of the runtime its commands go to (the runtimes share no store here).
    await sendCommand(a.url, createList(lists.same));
    await sendCommand(b.url, createList(lists.across));
    for (const key of Object.values(lists))
      socket.send(JSON.stringify({ action: 'subscribe', projection: 'todoList', key }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const latencies = { same: [] as number[], across: [] as number[] };
    for (let i = 0; i < commands; i++) {
      for (const [kind, runtime] of [
        ['same', a],
        ['across', b],
      ] as const) {
        const started = performance.now();
        const reply = await sendCommand(runtime.url, addTodo(lists[kind], `x${i}`));
        const arrived = await nextView(socket, lists[kind], reply.body.version ?? 0);
        latencies[kind].push(arrived - started);
      }
    }
    const same = summarize(latencies.same);
    const across = summarize(latencies.across);
    return { same, across, p50Ratio: round(across.p50Ms / same.p50Ms), p99Ratio: round(across.p99Ms / same.p99Ms) };
  } finally {
    socket.close();
    await Promise.all([a.close(), b.close()]);
  }
};
