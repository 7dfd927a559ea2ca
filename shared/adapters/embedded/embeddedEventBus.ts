import type { BusEvent, EventBus } from '#ports/eventBus';

export type BusListener = (event: BusEvent) => void;

/** The local integration bus: hands every event to in-process listeners (tests, tools, the log). */
export class EmbeddedEventBus implements EventBus {
  private readonly listeners = new Set<BusListener>();

  async publish(events: readonly BusEvent[]): Promise<void> {
    for (const event of events) for (const listener of this.listeners) listener(structuredClone(event));
  }

  subscribe(listener: BusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
