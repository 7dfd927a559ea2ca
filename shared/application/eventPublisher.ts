import { createHash } from 'node:crypto';
import { parseStreamKey } from '#core/ids';
import type { ProcessRegistry } from '#core/processManager';
import type { Upcast } from '#core/upcasting';
import type { BusEvent, EventBus } from '#ports/eventBus';
import type { Commit } from '#ports/eventStore';
import type { MessageQueue } from '#ports/messageQueue';
import { type EventMessage, toProjectedEvent } from './eventMessage';
import { byteLength } from './limits';
import { type ProcessEventMessageInput, processEventDedupId, processGroupId } from './processMessages';

/** A commit as the event store's change feed delivers it (a DynamoDB stream record, locally the log). */
export type PublishedCommit = Pick<Commit, 'streamKey' | 'events' | 'committedAt'>;

/** SQS messages stop at 256 KiB and EventBridge entries at 256 KB, envelopes included. */
export const MAX_MESSAGE_BYTES = 240 * 1024;

/**
 * Carries commits from the change feed onward: each event to the projection queue (group = stream
 * key, so in order per aggregate; dedup id = stream key + version, so a re-published event is
 * dropped) and to the integration bus. Events larger than a message travel without their data.
 * Any failure throws, and the feed delivers the commit again: at-least-once, never lost.
 */
export class EventPublisher {
  constructor(
    private readonly deps: {
      queue: MessageQueue;
      bus?: EventBus;
      /** The domain's process managers and their queue: each event goes to the processes it belongs to. */
      processes?: { registry: ProcessRegistry; queue: MessageQueue; upcast: Upcast };
      maxMessageBytes?: number;
    },
  ) {}

  async publish(commit: PublishedCommit): Promise<void> {
    const address = parseStreamKey(commit.streamKey);
    const limit = this.deps.maxMessageBytes ?? MAX_MESSAGE_BYTES;
    const messages = commit.events.map((event): EventMessage => {
      const message: EventMessage = {
        streamKey: commit.streamKey,
        ...address,
        ...event,
        committedAt: commit.committedAt,
      };
      return byteLength(message) <= limit ? message : { ...message, data: undefined, dataOmitted: true };
    });
    for (const message of messages) {
      await this.deps.queue.send({
        groupId: message.streamKey,
        dedupId: dedupIdFor(message.streamKey, message.version),
        body: JSON.stringify(message),
      });
    }
    if (this.deps.processes) await routeToProcesses(messages, this.deps.processes);
    if (!this.deps.bus) return;
    await this.deps.bus.publish(
      messages.map(
        (message): BusEvent => ({
          source: `cairn.${message.context}`,
          detailType: `${message.aggregateType}.${message.type}`,
          time: message.committedAt,
          detail: {
            id: `${message.streamKey}:${message.version}`,
            context: message.context,
            aggregateType: message.aggregateType,
            aggregateId: message.aggregateId,
            type: message.type,
            version: message.version,
            schemaVersion: message.schemaVersion ?? 1,
            committedAt: message.committedAt,
            ...(message.dataOmitted ? { dataOmitted: true as const } : { data: message.data }),
          },
        }),
      ),
    );
  }
}

/**
 * Each event to every process it belongs to (a process manager of its aggregate type that derives
 * a key from it), in that process's FIFO group, deduplicated per process and position.
 */
const routeToProcesses = async (
  messages: readonly EventMessage[],
  processes: { registry: ProcessRegistry; queue: MessageQueue; upcast: Upcast },
): Promise<void> => {
  for (const message of messages) {
    const managers = processes.registry.forAggregateType(message.aggregateType);
    if (managers.length === 0) continue;
    // Keyed on the event as readers see it (its newest shape), upcast once; the message carries it as stored.
    const event = toProjectedEvent(message, processes.upcast);
    for (const manager of managers) {
      const key = manager.keyOf(event);
      if (key === undefined) continue;
      const body: ProcessEventMessageInput = { kind: 'event', process: manager.name, key, event: message };
      await processes.queue.send({
        groupId: processGroupId(message.context, manager.name, key),
        dedupId: processEventDedupId(manager.name, message.streamKey, message.version),
        body: JSON.stringify(body),
      });
    }
  }
};

/** SQS takes deduplication ids of up to 128 characters; a longer one is replaced by its hash. */
export const dedupIdFor = (streamKey: string, version: number): string => {
  const id = `${streamKey}:${version}`;
  return id.length <= 128 ? id : createHash('sha256').update(id).digest('hex');
};
