import { processPartialResponse, SqsFifoPartialProcessorAsync } from '@aws-lambda-powertools/batch';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { type EventMessage, eventMessageSchema, toProjectedEvent } from '../../shared/application/eventMessage';
import type { ProjectionService, ViewChange } from '../../shared/application/projectionService';
import type { EventStore } from '../../shared/ports/eventStore';

export interface ProjectionWorkerDeps {
  service: ProjectionService;
  eventStore: EventStore;
  /** Called with the views an event changed, after they are stored (the live push hooks in here). */
  onChanges?: (changes: ViewChange[]) => Promise<void>;
}

/**
 * Consumes the projection queue: one event per message, in order per aggregate (FIFO group). A
 * message that fails (unreadable, a projection that throws, a store that is down) fails its record:
 * the rest of its group in this batch is skipped and comes again, other groups go on, and after the
 * queue's maxReceiveCount the message moves to the dead-letter queue with its error logged.
 */
export const createProjectionWorker = (deps: ProjectionWorkerDeps) => {
  const dataOf = async (message: EventMessage): Promise<unknown> => {
    if (!message.dataOmitted) return message.data;
    const { events } = await deps.eventStore.read(message.streamKey, { fromVersion: message.version, limit: 1 });
    const stored = events.find((event) => event.version === message.version);
    if (!stored) throw new Error(`Event ${message.streamKey}@${message.version} is not in the event store`);
    return stored.data;
  };

  const handleRecord = async (record: SQSRecord): Promise<void> => {
    const message = eventMessageSchema.parse(JSON.parse(record.body));
    const changes = await deps.service.apply(toProjectedEvent(message, await dataOf(message)));
    if (changes.length > 0) await deps.onChanges?.(changes);
  };

  return (event: SQSEvent, context?: Context): Promise<SQSBatchResponse> =>
    processPartialResponse(event, handleRecord, new SqsFifoPartialProcessorAsync(), {
      context,
      skipGroupOnError: true,
      throwOnFullBatchFailure: false,
    });
};
