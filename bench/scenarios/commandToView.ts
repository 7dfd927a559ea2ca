/**
 * Command-to-view latency: from sending a command over HTTP until a view query without
 * `minVersion` first shows its version (polled every 2 ms, so the figure includes up to that).
 * Measured one command at a time, on lists created beforehand, once the event flow has worked
 * off what earlier scenarios left it (reported as `backlogDrainMs`): the latency of an idle flow.
 */
import { addTodo, createList, sendCommand } from '../http';
import { round, summarize } from '../stats';
import type { Target } from '../targets';

const viewVersion = async (url: string, listId: string): Promise<number> => {
  const response = await fetch(`${url}/v1/default/views/todoList/${listId}`);
  if (response.status !== 200) return 0;
  return ((await response.json()) as { version: number }).version;
};

export const commandToView = async (target: Target, commands: number, tag: string) => {
  const ids = Array.from({ length: 10 }, (_, i) => `${tag}-c2v-${i}`);
  for (const id of ids) await sendCommand(target.url, createList(id));
  const drainStarted = performance.now();
  for (const id of ids) {
    const deadline = Date.now() + 600_000;
    while ((await viewVersion(target.url, id)) < 1) {
      if (Date.now() > deadline) throw new Error(`view ${id} never appeared`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
  const backlogDrainMs = round(performance.now() - drainStarted, 0);
  const latencies: number[] = [];
  for (let i = 0; i < commands; i++) {
    const id = ids[i % ids.length] ?? 'x';
    const started = performance.now();
    const reply = await sendCommand(target.url, addTodo(id, `v${i}`));
    const version = reply.body.version ?? 0;
    const deadline = Date.now() + 30_000;
    while ((await viewVersion(target.url, id)) < version) {
      if (Date.now() > deadline) throw new Error(`view ${id} never reached version ${version}`);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    latencies.push(performance.now() - started);
  }
  return {
    ...summarize(latencies),
    perSecond: round((commands * 1000) / latencies.reduce((a, b) => a + b, 0), 0),
    backlogDrainMs,
  };
};
