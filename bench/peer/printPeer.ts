import { printTable, type Row } from '../report';
import type { PeerResult } from './peerResult';

/** The peer section of `npm run bench`'s output: one table per scenario, then the capacity totals. */
export const printPeer = (peer: PeerResult): void => {
  printTable(
    'Peer: command latency, Cairn against Castore 2.4.2 (DynamoDB Local, interleaved per command, with Idempotency-Key; ratio = Cairn ÷ Castore; requests and RCU per command)',
    peer.latency,
  );
  printTable(
    'Peer: DynamoDB cost per command, 10 prior events (Castore has no idempotency: its with/without rows run the same code)',
    peer.cost,
  );
  printTable(
    'Peer: append throughput, commands/s over 100 fresh aggregates (each system alone, order alternating per repetition; median of repetitions)',
    peer.throughput,
  );
  printTable(
    'Peer: 20 writers at once on one aggregate, in process (attempts = handler/decide runs; requests include the failed conditional writes)',
    peer.contention,
  );
  printTable(
    "Peer: the same 20 writers through Cairn's HTTP API on DynamoDB Local (todoList RenameTodoList; allDoneMs = until the last DynamoDB request)",
    peer.http,
  );
  const capacityRows: Row[] = Object.entries(peer.capacity).flatMap(([system, operations]) =>
    Object.entries(operations).map(([operation, count]) => ({ system, operation, ...count })),
  );
  printTable(
    'Peer: ConsumedCapacity returned by DynamoDB Local over the whole peer run (withoutCapacity > 0: none returned)',
    capacityRows,
  );
};
