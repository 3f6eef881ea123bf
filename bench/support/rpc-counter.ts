// Counts the calls Durable Objects receive (RPC methods, fetch, alarm), by object and method:
// the tests and the objects share one isolate in workerd's test runner, so wrapping the
// classes' prototypes sees every call the runtime delivers.
export type Counts = Record<string, number>;

/**
 * Wraps every method of `classes`; `objectOf` names the object a call reached (from the
 * instance), so counts read "team index.report".
 */
export function countCalls(
  classes: Record<string, { prototype: object }>,
  objectOf: (instance: unknown, className: string) => string = (_instance, className) => className,
) {
  let counts: Counts = {};
  for (const [className, cls] of Object.entries(classes)) {
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      // Methods only: a getter (such as `sql`) is left alone.
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      // WebSocket events are not calls anyone made (a page closing, say).
      if (name === "constructor" || name.startsWith("webSocket") || typeof method !== "function") continue;
      proto[name] = function (this: unknown, ...args: unknown[]) {
        const id = `${objectOf(this, className)}.${name}`;
        counts[id] = (counts[id] ?? 0) + 1;
        return (method as (...a: unknown[]) => unknown).apply(this, args);
      };
    }
  }
  return {
    reset: () => {
      counts = {};
    },
    /** Calls so far, by "object.method". */
    snapshot: (): Counts => ({ ...counts }),
  };
}

/** Counts by object alone. */
export function byObject(counts: Counts): Counts {
  const totals: Counts = {};
  for (const [id, n] of Object.entries(counts)) {
    const object = id.slice(0, id.lastIndexOf("."));
    totals[object] = (totals[object] ?? 0) + n;
  }
  return totals;
}

/** What `after` counted beyond `before`. */
export function since(after: Counts, before: Counts): Counts {
  return Object.fromEntries(
    Object.entries(after)
      .map(([id, n]) => [id, n - (before[id] ?? 0)] as const)
      .filter(([, n]) => n > 0),
  );
}
