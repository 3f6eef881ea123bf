/**
 * In-memory wake-ups for `wait()` inside the Durable Object: a waiter sleeps until one of its
 * keys settles or its time is up, then re-reads the table. No polling.
 */
export class Waiters {
  readonly #byKey = new Map<string, Set<() => void>>();

  /** Resolves at the next settle of any of `keys`, or after `ms`. Registers synchronously. */
  next(keys: readonly string[], ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        for (const key of keys) {
          const set = this.#byKey.get(key);
          set?.delete(wake);
          if (set?.size === 0) this.#byKey.delete(key);
        }
        resolve();
      };
      const timer = setTimeout(wake, ms);
      for (const key of keys) {
        let set = this.#byKey.get(key);
        if (!set) this.#byKey.set(key, (set = new Set()));
        set.add(wake);
      }
    });
  }

  notify(key: string): void {
    const set = this.#byKey.get(key);
    if (!set) return;
    this.#byKey.delete(key);
    for (const wake of set) wake();
  }
}
