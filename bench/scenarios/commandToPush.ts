/**
 * Command-to-push latency: from sending a command over HTTP until subscribed sockets receive the
 * changed view, with one subscriber and with 1,000 subscribers on one view (time to the last one),
 * and the pushes per second that the fan-out reaches. Real sockets on the local runtime.
 */
import WebSocket from 'ws';
import { addTodo, createList, sendCommand } from '../http';
import { median, round, summarize } from '../stats';
import type { Target } from '../targets';

const open = async (url: string, count: number): Promise<WebSocket[]> => {
  const sockets: WebSocket[] = [];
  for (let start = 0; start < count; start += 100) {
    const batch = Array.from({ length: Math.min(100, count - start) }, () => new WebSocket(`${url}?context=default`));
    await Promise.all(
      batch.map((socket) => new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject))),
    );
    sockets.push(...batch);
  }
  return sockets;
};

/** Resolves when every socket has received a view frame of `key` at `version`; with each arrival time. */
const arrivals = (sockets: WebSocket[], key: string, version: number): Promise<number[]> =>
  Promise.all(
    sockets.map(
      (socket) =>
        new Promise<number>((resolve) => {
          const onMessage = (data: WebSocket.RawData) => {
            const frame = JSON.parse(data.toString()) as { type: string; key: string; version: number };
            if (frame.type === 'view' && frame.key === key && frame.version === version) {
              socket.off('message', onMessage);
              resolve(performance.now());
            }
          };
          socket.on('message', onMessage);
        }),
    ),
  );

const subscribeAll = async (sockets: WebSocket[], key: string) => {
  const subscribed = sockets.map(
    (socket) =>
      new Promise<void>((resolve) => {
        const onMessage = (data: WebSocket.RawData) => {
          if ((JSON.parse(data.toString()) as { type: string }).type === 'subscribed') {
            socket.off('message', onMessage);
            resolve();
          }
        };
        socket.on('message', onMessage);
      }),
  );
  for (const socket of sockets) socket.send(JSON.stringify({ action: 'subscribe', projection: 'todoList', key }));
  await Promise.all(subscribed);
};

export const commandToPush = async (target: Target, subscribers: number, rounds: number, tag: string) => {
  const key = `${tag}-push-${subscribers}`;
  await sendCommand(target.url, createList(key));
  const sockets = await open(target.url.replace(/^http/, 'ws').concat('/ws'), subscribers);
  await subscribeAll(sockets, key);
  const firsts: number[] = [];
  const lasts: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const started = performance.now();
    const version = i + 2;
    const received = arrivals(sockets, key, version);
    await sendCommand(target.url, addTodo(key, `p${i}`));
    const times = await received;
    firsts.push(Math.min(...times) - started);
    lasts.push(Math.max(...times) - started);
  }
  for (const socket of sockets) socket.terminate();
  const toLast = summarize(lasts);
  return {
    subscribers,
    rounds,
    firstP50Ms: round(median(firsts)),
    lastP50Ms: toLast.p50Ms,
    lastP99Ms: toLast.p99Ms,
    pushesPerSecond: round((subscribers * 1000) / median(lasts), 0),
  };
};
