/**
 * Runs tasks with the same key one after another, in arrival order. Commands on one customer
 * stream are serialised in-process so they rarely meet an optimistic-concurrency conflict; other
 * processes are still kept apart by the expected-revision check.
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
