import type { Row } from '../report';
import type { OperationCount } from './capacity';

/** The peer section of bench/results.json, one table per scenario; every ratio is Cairn ÷ Castore. */
export interface PeerResult {
  versions: { castoreCore: string; castoreDynamoDbAdapter: string };
  ratio: string;
  latency: Row[];
  cost: Row[];
  throughput: Row[];
  contention: Row[];
  http: Row[];
  /** Per system and operation, over the whole peer run. */
  capacity: { cairn: Record<string, OperationCount>; castore: Record<string, OperationCount> };
}
