/**
 * In-memory listeners behind `wait()` inside the Durable Object: a waiter hears about each of
 * its keys as it changes, and looks at that key alone. No polling, and no re-reading every key
 * on every change (waiting on 2,000 keys stays linear).
 */
export class Waiters {
  readonly #byKey = new Map<string, Set<(key: string) => void>>();

  /** Calls `listener` with the key each time one of `keys` changes, until unsubscribed. */
  subscribe(keys: Iterable<string>, listener: (key: string) => void): () => void {
    const subscribed = [...keys];
    for (const key of subscribed) {
      let listeners = this.#byKey.get(key);
      if (!listeners) this.#byKey.set(key, (listeners = new Set()));
      listeners.add(listener);
    }
    return () => {
      for (const key of subscribed) {
        const listeners = this.#byKey.get(key);
        listeners?.delete(listener);
        if (listeners?.size === 0) this.#byKey.delete(key);
      }
    };
  }

  /** Every waiter looks again (the store was deleted: nothing it waits for exists any more). */
  notifyAll(): void {
    for (const key of [...this.#byKey.keys()]) this.notify(key);
  }

  notify(key: string): void {
    const listeners = this.#byKey.get(key);
    if (!listeners) return;
    for (const listener of [...listeners]) listener(key);
  }
}
