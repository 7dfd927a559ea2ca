/**
 * What authentication adds per request: the same sync command (RenameTodoList) and the same view
 * query on two local runtimes, one with auth off and one checking the bearer token as `npm start`
 * does (tokenVerifier → hs256Verifier). One client alternates between them, request by request
 * (ABBA), so that noise on a shared machine falls on both alike, and sends the header to both, so
 * that only its verification differs. `addedMs` is the median of the paired differences.
 * Then the raw cost of one verification, awaited in a loop, and what jose alone costs of it.
 */
import { randomBytes } from 'node:crypto';
import { jwtVerify } from 'jose';
import { hs256Verifier, mintToken } from '#adapters/auth/hs256Tokens';
import { tokenVerifier } from '#adapters/auth/tokenVerifier';
import { createList, renameList, sendCommand } from '../http';
import type { Row } from '../report';
import { median, percentile, round } from '../stats';
import { embeddedTarget, type Target } from '../targets';

const timed = async (request: () => Promise<unknown>): Promise<number> => {
  const started = performance.now();
  await request();
  return performance.now() - started;
};

const viewQuery = (target: Target, listId: string, headers: Record<string, string>) => async () => {
  const response = await fetch(`${target.url}/v1/default/views/todoList/${listId}`, { headers });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`view query answered ${response.status}`);
};

const compare = (request: string, off: number[], on: number[]): Row => ({
  request,
  offP50Ms: round(median(off)),
  onP50Ms: round(median(on)),
  offP99Ms: round(percentile(off, 99)),
  onP99Ms: round(percentile(on, 99)),
  addedP50Ms: round(median(on) - median(off)),
  addedP99Ms: round(percentile(on, 99) - percentile(off, 99)),
  addedMs: round(median(on.map((value, i) => value - (off[i] ?? Number.NaN)))),
});

/** `requests` of each kind on each runtime (after a warm-up of a tenth as many). */
const perRequest = async (off: Target, on: Target, requests: number, token: string, tag: string) => {
  const headers = { authorization: `Bearer ${token}` };
  const refused = await fetch(`${on.url}/v1/default/views/todoList/x`);
  if (refused.status !== 401) throw new Error(`the runtime with auth on answered ${refused.status} without a token`);
  const ids = Array.from({ length: 10 }, (_, i) => `${tag}-auth-${i}`);
  for (const target of [off, on]) for (const id of ids) await sendCommand(target.url, createList(id), headers);
  const samples = {
    command: { off: [] as number[], on: [] as number[] },
    query: { off: [] as number[], on: [] as number[] },
  };
  const warmUp = Math.ceil(requests / 10);
  for (let i = -warmUp; i < requests; i++) {
    const id = ids[Math.abs(i) % ids.length] ?? 'x';
    const order = [off, on, on, off].slice((i & 1) * 2, (i & 1) * 2 + 2);
    for (const target of order) {
      const side = target === on ? 'on' : 'off';
      const command = await timed(() => sendCommand(target.url, renameList(id, i), headers));
      const query = await timed(viewQuery(target, id, headers));
      if (i < 0) continue;
      samples.command[side].push(command);
      samples.query[side].push(query);
    }
  }
  return [
    compare('sync command (RenameTodoList)', samples.command.off, samples.command.on),
    compare('view query (todoList)', samples.query.off, samples.query.on),
  ];
};

const verifyLoop = async (label: string, verifications: number, verify: () => Promise<unknown>): Promise<Row> => {
  const micros: number[] = [];
  for (let i = 0; i < Math.ceil(verifications / 10); i++) await verify();
  const started = performance.now();
  for (let i = 0; i < verifications; i++) micros.push((await timed(verify)) * 1000);
  const perSecond = (verifications * 1000) / (performance.now() - started);
  return {
    verifier: label,
    p50Us: round(median(micros), 1),
    p99Us: round(percentile(micros, 99), 1),
    perSecond: round(perSecond, 0),
  };
};

/** One HS256 verification, awaited in a loop: the project's verifier, as wired, and jose alone. */
const perVerification = async (secret: Uint8Array, token: string, verifications: number): Promise<Row[]> => {
  const key = await crypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify']);
  const hs256 = hs256Verifier(secret);
  const wired = tokenVerifier({ hs256 });
  const options = { algorithms: ['HS256'] };
  return [
    await verifyLoop('hs256Verifier', verifications, () => hs256(token)),
    await verifyLoop('tokenVerifier → hs256Verifier (npm start)', verifications, () => wired(token)),
    await verifyLoop('jose jwtVerify, secret as bytes', verifications, () => jwtVerify(token, secret, options)),
    await verifyLoop('jose jwtVerify, key imported once', verifications, () => jwtVerify(token, key, options)),
  ];
};

export const authLatency = async (requests: number, verifications: number, tag: string) => {
  const secret = randomBytes(32);
  const token = await mintToken(secret, { subject: 'bench', roles: { default: 'writer' } });
  // Before any runtime starts, so that nothing else runs in this process meanwhile.
  const verification = await perVerification(secret, token, verifications);
  const off = await embeddedTarget();
  const on = await embeddedTarget({ verify: tokenVerifier({ hs256: hs256Verifier(secret) }) });
  try {
    return { requests, perRequest: await perRequest(off, on, requests, token, tag), perVerification: verification };
  } finally {
    await off.close();
    await on.close();
  }
};
