/**
 * A client sending frames as fast as it can costs the runtime neither memory nor other clients'
 * time: frames past the rate are answered THROTTLED, a client that keeps on is closed with 1008,
 * and stopping the runtime afterwards drops what was queued instead of draining it.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RuntimeProcess, startRuntimeProcess } from '../support/localRuntimeProcess';
import { connectSocket } from '../support/socketClient';

let runtime: RuntimeProcess;
beforeAll(async () => {
  runtime = await startRuntimeProcess({ CAIRN_DATA_DIR: mkdtempSync(join(tmpdir(), 'cairn-flood-')) });
});
afterAll(async () => {
  await runtime?.stop();
});

/** Resident memory of a process and its children (`tsx` runs the runtime in a child), in MiB. */
const rssMiB = (pid: number): number => {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
  return kb / 1024 + children.reduce((sum, child) => sum + rssMiB(child), 0);
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a client flooding its socket with frames', () => {
  it('is throttled, then closed with 1008, while another client is answered as usual', {
    timeout: 60_000,
  }, async () => {
    const wsUrl = `${runtime.url.replace('http', 'ws')}/ws?context=default`;
    const other = await connectSocket(wsUrl);
    const flooder = await connectSocket(wsUrl);
    const before = rssMiB(runtime.pid);
    const closed = new Promise<number>((resolve) => flooder.socket.once('close', (code) => resolve(code)));
    let open = true;
    void closed.then(() => {
      open = false;
    });

    let sent = 0;
    const started = Date.now();
    const worstPong: number[] = [];
    while (open && Date.now() - started < 20_000) {
      for (let i = 0; i < 2_000 && open; i++, sent++) flooder.socket.send('{"action":"ping"}');
      // Every batch, the other client's ping: answered promptly all through the flood.
      const t0 = Date.now();
      other.send({ action: 'ping' });
      await other.next((frame) => frame.type === 'pong', 5_000);
      worstPong.push(Date.now() - t0);
      await pause(1);
    }
    expect(await closed).toBe(1008);
    expect(flooder.frames.some((frame) => frame.code === 'THROTTLED' && frame.ratePerSecond > 0)).toBe(true);
    // Far fewer answers than frames: the throttled ones were never handled.
    expect(flooder.frames.length).toBeLessThan(sent);
    expect(Math.max(...worstPong)).toBeLessThan(2_000);
    const grown = rssMiB(runtime.pid) - before;
    console.log(
      `flood: ${sent} frames sent in ${Date.now() - started} ms, ${flooder.frames.length} answers, closed 1008; ` +
        `other client's worst pong ${Math.max(...worstPong)} ms; runtime RSS ${grown.toFixed(0)} MiB more`,
    );
    expect(grown).toBeLessThan(200);

    // The runtime stays up for everyone else, and new connections are taken.
    const next = await connectSocket(wsUrl);
    next.send({ action: 'ping' });
    expect(await next.next(() => true)).toEqual({ type: 'pong' });
    await Promise.all([next.close(), other.close()]);
  });

  it('does not hold up stopping: frames queued on an open socket are dropped, not drained', {
    timeout: 60_000,
  }, async () => {
    const flooder = await connectSocket(`${runtime.url.replace('http', 'ws')}/ws?context=default`);
    // Commands, the slowest frames there are: far more than the runtime could drain in the time allowed.
    for (let i = 0; i < 3_000; i++) {
      flooder.send({
        action: 'command',
        requestId: `r${i}`,
        command: { type: 'AddTodo', aggregateId: 'flood-list', payload: { todoId: `t${i}`, text: 'x' } },
      });
    }
    await pause(200);
    const t0 = Date.now();
    const code = await runtime.stop();
    expect(code).toBe(0);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});
