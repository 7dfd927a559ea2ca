/**
 * The console's socket for the live tail: `tail` on connect (and again after every reconnect),
 * each `event` frame handed to the listeners once (a redelivered event comes again with the same
 * stream and version; the last MAX_SEEN are remembered).
 */

export interface TailEvent {
  type: 'event';
  context: string;
  streamKey: string;
  aggregateType: string;
  aggregateId: string;
  eventType: string;
  version: number;
  schemaVersion: number;
  committedAt: string;
  data?: unknown;
  dataOmitted?: true;
}

export type TailState = 'connecting' | 'open' | 'reconnecting' | 'refused' | 'closed';

const MAX_SEEN = 2000;
/** Events kept for a panel opened later (the tail's first rows). */
const MAX_RECENT = 300;

export class TailSocket {
  private socket: WebSocket | undefined;
  private readonly listeners = new Set<(event: TailEvent) => void>();
  private readonly seen = new Set<string>();
  private readonly kept: TailEvent[] = [];
  private retries = 0;
  private closed = false;
  private heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly options: {
      wsUrl: string;
      context: string;
      token: string;
      onState: (state: TailState, detail?: string) => void;
    },
  ) {
    this.connect();
  }

  /** The newest events seen since the page opened, oldest first (at most MAX_RECENT). */
  recent(): readonly TailEvent[] {
    return this.kept;
  }

  /** Calls `listener` with every event from now on; returns the way to stop. */
  onEvent(listener: (event: TailEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.closed = true;
    clearInterval(this.heartbeat);
    this.socket?.close();
    this.options.onState('closed');
  }

  private connect(): void {
    const { wsUrl, context, token } = this.options;
    this.options.onState(this.socket ? 'reconnecting' : 'connecting');
    const url = `${wsUrl}${wsUrl.includes('?') ? '&' : '?'}context=${encodeURIComponent(context)}`;
    let socket: WebSocket;
    try {
      socket = token ? new WebSocket(url, ['cairn', token]) : new WebSocket(url);
    } catch (error) {
      this.options.onState('refused', `Bad WebSocket URL: ${String(error)}`);
      return;
    }
    this.socket = socket;
    socket.onopen = () => {
      this.retries = 0;
      socket.send(JSON.stringify({ action: 'tail' }));
      clearInterval(this.heartbeat);
      // API Gateway closes a connection that sent nothing for 10 minutes.
      this.heartbeat = setInterval(() => socket.send(JSON.stringify({ action: 'ping' })), 5 * 60_000);
    };
    socket.onmessage = (message) => this.receive(JSON.parse(String(message.data)) as Record<string, unknown>);
    socket.onclose = () => {
      clearInterval(this.heartbeat);
      if (this.closed) return;
      const delay = Math.min(10_000, 250 * 2 ** this.retries++);
      this.options.onState('reconnecting');
      setTimeout(() => this.connect(), delay);
    };
  }

  private receive(frame: Record<string, unknown>): void {
    if (frame.type === 'tailing') this.options.onState('open');
    else if (frame.type === 'error') {
      this.options.onState('refused', `${String(frame.code)}: ${String(frame.message)}`);
    } else if (frame.type === 'event') {
      const event = frame as unknown as TailEvent;
      const id = `${event.streamKey}@${event.version}`;
      if (this.seen.has(id)) return;
      this.seen.add(id);
      if (this.seen.size > MAX_SEEN) this.seen.delete(this.seen.values().next().value ?? '');
      this.kept.push(event);
      if (this.kept.length > MAX_RECENT) this.kept.shift();
      for (const listener of this.listeners) listener(event);
    }
  }
}
