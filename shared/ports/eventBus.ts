/**
 * The integration bus (EventBridge in AWS): every committed event, for other services and
 * contexts. Delivery is at-least-once; `detail.id` (stream key + version) lets consumers dedupe.
 */
export interface BusEvent {
  /** `cairn.<context>`. */
  source: string;
  /** `<aggregateType>.<EventType>`, e.g. `todoList.TodoAdded`. */
  detailType: string;
  detail: IntegrationEventDetail;
  time: string;
}

export interface IntegrationEventDetail {
  id: string;
  context: string;
  aggregateType: string;
  aggregateId: string;
  type: string;
  version: number;
  /**
   * The version of the type's shape `data` is in, as committed (not upcast: the bus carries what
   * was written; the events endpoint serves the newest shape).
   */
  schemaVersion: number;
  committedAt: string;
  data?: unknown;
  /** Set when the event was too large for the bus: fetch it from the events endpoint. */
  dataOmitted?: true;
}

export interface EventBus {
  /** Publishes all or throws; partial failures are retried by the adapter before it gives up. */
  publish(events: readonly BusEvent[]): Promise<void>;
}
