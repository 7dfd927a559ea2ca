/**
 * Cairn's write path against a peer: Castore 2.4.2 (@castore/core's Command on its recommended
 * DynamoDBSingleTableEventStorageAdapter), the same counter domain in both (`Increment {by}` →
 * one `Incremented {by}` event, state = the sum), on the same DynamoDB Local, each system with a
 * DynamoDB client of its own that asks for and sums consumed capacity (bench/peer/capacity.ts).
 *
 * The two run interleaved A B B A … per command (per repetition for throughput), so that drift on
 * a noisy machine hits both alike. Ratios are Cairn ÷ Castore: below 1 means Cairn is lower (for
 * latency and cost: better), above 1 for commands/s means Cairn is faster.
 *
 * "Warm": one service instance that has handled the aggregate before. "Cold": a freshly built
 * instance per command (same DynamoDB client and connections, so not a Lambda cold start).
 * Castore keeps nothing between commands, so its warm and cold are the same code.
 *
 * This file runs the scenarios in order; each is a file of its own under bench/peer/.
 */
import { contentionScenario, contentionShape } from '../peer/contentionScenario';
import { costScenario } from '../peer/costScenario';
import { httpContentionScenario } from '../peer/httpContentionScenario';
import { latencyScenario } from '../peer/latencyScenario';
import type { PeerResult } from '../peer/peerResult';
import { openPeerSystems } from '../peer/systems';
import { throughputScenario } from '../peer/throughputScenario';
import { warmUp } from '../peer/warmUp';

export type { PeerResult } from '../peer/peerResult';
export { printPeer } from '../peer/printPeer';

export interface PeerOptions {
  quick: boolean;
  tag: string;
}

export const peerComparison = async (endpoint: string, options: PeerOptions): Promise<PeerResult> => {
  const { quick, tag } = options;
  const peer = await openPeerSystems(endpoint, `${tag}-${Date.now().toString(36)}`);
  try {
    await warmUp(peer, quick);
    const latency = await latencyScenario(peer, quick);
    const cost = await costScenario(peer, quick);
    const throughput = await throughputScenario(peer, quick);
    // The same writers and rounds in process and over HTTP, so that the two tables compare.
    const shape = contentionShape(quick);
    const contention = await contentionScenario(peer, shape);
    const http = await httpContentionScenario(endpoint, shape, peer.stamp);
    return {
      versions: { castoreCore: '2.4.2', castoreDynamoDbAdapter: '2.4.2' },
      ratio: 'Cairn ÷ Castore',
      latency,
      cost,
      throughput,
      contention,
      http,
      capacity: peer.capacity(),
    };
  } finally {
    peer.close();
  }
};
