import type { CommandLedger } from '#ports/commandLedger';
import type { ConnectionRegistry, Pusher } from '#ports/connectionRegistry';
import type { DeadlineScheduler } from '#ports/deadlineScheduler';
import type { EventBus } from '#ports/eventBus';
import type { EventStore, StreamCatalog } from '#ports/eventStore';
import type { DeadLetterQueue, MessageQueue } from '#ports/messageQueue';
import type { ReadModelStore } from '#ports/readModelStore';
import type { RuntimeRoster } from '#ports/runtimeRoster';
import type { SnapshotStore } from '#ports/snapshotStore';
import { once } from './once';

/**
 * Every port the composition root wires, whichever adapters implement them. A set is usually
 * built with `lazyPorts`, so that a function only creates (and only needs the configuration of)
 * the ports its handler uses.
 */
export interface CairnAdapters {
  eventStore: EventStore;
  /** Lists streams: what a projection rebuild walks. */
  streams?: StreamCatalog;
  ledger: CommandLedger;
  snapshots: SnapshotStore;
  /** The FIFO command queue (respond-async commands). */
  commandQueue: MessageQueue;
  views: ReadModelStore;
  /** The FIFO projection queue that the stream publisher fills. */
  projectionQueue: MessageQueue;
  /** The integration bus (EventBridge): events for other services and contexts. */
  bus: EventBus;
  /** Where the projection worker puts poison events, with their error (listed and redriven by the admin API). */
  projectionDeadLetters?: DeadLetterQueue;
  /** WebSocket connections and their subscriptions. */
  connections: ConnectionRegistry;
  /** Sends frames to connections (the WebSocket API's management API). */
  pusher: Pusher;
  /**
   * Process managers' ports, when the domain has any: their FIFO queue (events from the publisher,
   * fired deadlines), their stored state, the deadline scheduler, and their dead-letter queue.
   */
  processQueue?: MessageQueue;
  processes?: ReadModelStore;
  deadlines?: DeadlineScheduler;
  processDeadLetters?: DeadLetterQueue;
  /** Which runtimes are alive, when several share the connection registry (goneRuntimes.ts). */
  roster?: RuntimeRoster;
}

type Factories<T> = { [K in keyof T]: () => T[K] };

/**
 * An object whose properties are created on first read, once. Ports built from configuration
 * that a function lacks (a queue URL it was not given) then fail only if that function uses them.
 */
export const lazyPorts = <T extends object>(factories: Factories<T>): T => {
  const ports = {} as T;
  for (const name of Object.keys(factories) as (keyof T)[]) {
    Object.defineProperty(ports, name, { enumerable: true, get: once(factories[name]) });
  }
  return ports;
};

/** A port that this process does not have: reading it fails with a message that says which. */
export const missingPort = (name: string, why: string) => (): never => {
  throw new Error(`No ${name} in this process: ${why}`);
};
