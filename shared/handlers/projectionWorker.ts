import type { SQSRecord } from 'aws-lambda';
import { type EventMessage, eventMessageSchema, projectedEventOf } from '#application/eventMessage';
import type { ProjectionService, ViewChange } from '#application/projectionService';
import type { Upcast } from '#core/upcasting';
import type { EventStore } from '#ports/eventStore';
import { type DeadLetters, fifoConsumer } from './fifoConsumer';

export interface ProjectionWorkerDeps {
  service: ProjectionService;
  eventStore: EventStore;
  /** The domain's (`domain.upcast`): each event reaches the projections in its newest shape. */
  upcast: Upcast;
  /**
   * Where a message goes, with its error, when it fails on its last allowed receive. The queue's
   * own redrive policy (a few receives later) stays as the backstop for a worker that crashes.
   */
  deadLetters?: DeadLetters;
  log?: (error: unknown) => void;
  /**
   * Called with the views an event changed (or had changed already, when it comes again), after
   * they are stored: the live push hooks in here. If it throws, the event fails and comes again.
   */
  onChanges?: (changes: ViewChange[]) => Promise<void>;
  /** Shown each event as it is taken, before it is projected (the live tail: it must not throw). */
  onEvent?: (message: EventMessage) => Promise<void>;
}

/**
 * Consumes the projection queue: one event per message, in order per aggregate (FIFO group). A
 * message that fails (unreadable, a projection that throws, a store that is down) fails its record:
 * the rest of its group in this batch is skipped and comes again, other groups go on. On its last
 * allowed receive it goes to the dead-letter queue with its error instead (a transient failure gets
 * more receives: it says nothing about the message). Later events of that
 * aggregate then fail too (a view cannot skip an event: the gap is healed from the store and the
 * same event fails again), until the cause is fixed and the dead letters are redriven.
 */
export const createProjectionWorker = (deps: ProjectionWorkerDeps) => {
  const project = async (record: SQSRecord): Promise<void> => {
    const message = eventMessageSchema.parse(JSON.parse(record.body));
    await deps.onEvent?.(message);
    const changes = await deps.service.apply(await projectedEventOf(message, deps.eventStore, deps.upcast));
    // If the push fails as a whole (its subscribers could not be read), so does the event: its
    // redelivery finds the views current, reports them again, and pushes them. A push to one
    // connection that fails does not land here (the others must not wait on it).
    if (changes.length > 0) await deps.onChanges?.(changes);
  };

  return fifoConsumer(project, { deadLetters: deps.deadLetters, log: deps.log });
};
