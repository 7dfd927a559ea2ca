/**
 * The deadline scheduler port: one-time schedules that, when due, send one message to the process
 * queue. In AWS an EventBridge Scheduler one-time schedule (deleted after it runs); locally a
 * durable timer. Names are deterministic, so scheduling a name twice leaves one schedule (the
 * second replaces the first) and cancelling is by name.
 */
export interface ScheduledDeadline {
  /** At most 64 characters of `[0-9A-Za-z_.-]` (EventBridge Scheduler's rule for names). */
  name: string;
  at: Date;
  /** The message it sends when due: its FIFO group, deduplication id and body. */
  groupId: string;
  dedupId: string;
  body: string;
}

export interface DeadlineScheduler {
  /** Creates the schedule, or replaces the one of that name. */
  schedule(deadline: ScheduledDeadline): Promise<void>;
  /** Deletes the schedule of that name; one that ran already, or never existed, is no error. */
  cancel(name: string): Promise<void>;
}
