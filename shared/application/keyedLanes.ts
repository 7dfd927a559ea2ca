/**
 * Runs tasks that share a key one after another, and tasks of different keys side by side. The
 * command service runs each aggregate's commands in one lane per instance, so that writers on a
 * hot aggregate that reach the same instance take turns on its warm state instead of racing each
 * other for the same version (what Axon does per node); writers on other instances are still kept
 * apart by the conditional write. Waiting tasks are the callers' own (requests, queue messages),
 * so the lanes hold no more than the runtime already admits.
 */
export class KeyedLanes {
  private readonly tails = new Map<string, Promise<void>>();

  async run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    let release = () => {};
    const done = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous ? previous.then(() => done) : done;
    this.tails.set(key, tail);
    if (previous) await previous;
    try {
      return await task();
    } finally {
      release();
      // The last in line leaves no entry behind: the map holds only keys with work in flight.
      if (this.tails.get(key) === tail) this.tails.delete(key);
    }
  }

  /** Keys with work in flight (tests). */
  get size(): number {
    return this.tails.size;
  }
}
