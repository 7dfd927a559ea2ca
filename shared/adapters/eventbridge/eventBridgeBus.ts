import { type EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { BusEvent, EventBus } from '#ports/eventBus';

/** PutEvents takes at most 10 entries per call. */
const BATCH = 10;

/**
 * EventBridge adapter. PutEvents can succeed as a call while failing some entries
 * (`FailedEntryCount`): those entries, and only those, are sent again with backoff; if some still
 * fail after the last attempt, `publish` throws so that the caller's delivery is retried.
 */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
    private readonly options: { maxAttempts?: number; sleep?: (ms: number) => Promise<void> } = {},
  ) {}

  async publish(events: readonly BusEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += BATCH) {
      await this.putWithRetries(events.slice(start, start + BATCH).map((event) => this.entry(event)));
    }
  }

  private async putWithRetries(entries: PutEventsRequestEntry[]): Promise<void> {
    const maxAttempts = this.options.maxAttempts ?? 5;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise((resolve) => setTimeout(resolve, ms)));
    let pending = entries;
    for (let attempt = 1; pending.length > 0; attempt++) {
      const { Entries = [], FailedEntryCount = 0 } = await this.client.send(new PutEventsCommand({ Entries: pending }));
      if (FailedEntryCount === 0) return;
      const failed = pending.filter((_, index) => Entries[index]?.ErrorCode);
      if (attempt >= maxAttempts) {
        const codes = [...new Set(Entries.map((entry) => entry.ErrorCode).filter(Boolean))].join(', ');
        throw new Error(`EventBridge refused ${failed.length} of ${entries.length} events (${codes})`);
      }
      pending = failed;
      await sleep(Math.random() * Math.min(1000, 50 * 2 ** attempt));
    }
  }

  private entry(event: BusEvent): PutEventsRequestEntry {
    return {
      EventBusName: this.busName,
      Source: event.source,
      DetailType: event.detailType,
      Detail: JSON.stringify(event.detail),
      Time: new Date(event.time),
    };
  }
}
