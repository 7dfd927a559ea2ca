import { prepareAll, runLanes } from './lanes';
import type { PeerSystems } from './systems';

/** Unmeasured: the JIT of DynamoDB Local and of this process, and both clients' connections. */
export const warmUp = async (peer: PeerSystems, quick: boolean): Promise<void> => {
  const ids = Array.from({ length: 10 }, (_, i) => `${peer.stamp}-warmup-${i}`);
  await prepareAll(peer.pair, ids, 10);
  await runLanes(peer.pair, [{ ids, samples: quick ? 50 : 200, warm: true, idempotencyKey: true }], peer.key);
};
