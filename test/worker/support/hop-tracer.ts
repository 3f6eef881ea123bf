/**
 * Hops, counted: every call made through a Durable Object stub (RPC methods and fetch) is
 * recorded with its start and end on one logical clock, and may be delayed by `delayMs` before
 * it leaves (the stand-in for an object a continent away). In workerd's test runner the tests,
 * the Worker and the objects share one isolate and one `DurableObjectNamespace` class, so
 * wrapping its `get` sees every stub anyone makes: the Worker's, and one object's call to
 * another. An object's calls to its own methods are not calls through a stub, and are not
 * counted. Test and benchmark code only: src/ never knows.
 *
 * A hook's hops are the longest chain of calls its answer waited for: a call that ended before
 * the answer arrived is on its path; two calls are in a chain when one ended before the other
 * began (one after the other) or one ran inside the other (an object calling another).
 */

export interface TracedCall {
  /** What `nameOf` calls the object: "session store", "team store", "team index"... */
  object: string;
  method: string;
  start: number;
  end: number | undefined;
}

export interface HopTrace {
  /** The calls whose end the answer waited for, in the order they started. */
  onPath: TracedCall[];
  /** The longest chain of them: how many calls in a row the answer waited for. */
  hops: number;
  /** The calls of that chain (a call on the path but outside it ran beside it). */
  chain: TracedCall[];
  /** Calls on the path, by object. */
  byObject: Record<string, number>;
}

/** Names the object a stub reaches, from its namespace and id. */
export type NameOf = (namespace: DurableObjectNamespace, id: DurableObjectId) => string;

type StubFactory = (this: DurableObjectNamespace, id: DurableObjectId, ...rest: unknown[]) => DurableObjectStub;

/** Holds a call before it leaves (undefined: it goes at once): a benchmark's way to run one piece of work at a time. */
export type Gate = (object: string, method: string) => Promise<void> | undefined;

/**
 * Starts tracing every stub made from now on (until `stop`). `ignore`: methods that are never
 * a hook's to call (the queue consumer's claim, say), left out of every path.
 */
export function traceHops(namespace: DurableObjectNamespace, nameOf: NameOf, ignore: readonly string[] = []) {
  let clock = 0;
  let delayMs = 0;
  let delayByObject: Record<string, number> = {};
  let gate: Gate = () => undefined;
  const calls: TracedCall[] = [];
  const proto = Object.getPrototypeOf(namespace) as { get: StubFactory };
  const original = proto.get;
  proto.get = function (this: DurableObjectNamespace, id, ...rest) {
    const stub = original.call(this, id, ...rest);
    const object = nameOf(this, id);
    return new Proxy(stub, {
      get(target, property) {
        const value = Reflect.get(target, property) as unknown;
        if (typeof value !== "function" || typeof property !== "string") return value;
        return async (...args: unknown[]) => {
          const call: TracedCall = { object, method: property, start: ++clock, end: undefined };
          calls.push(call);
          try {
            const held = gate(object, property);
            if (held) await held;
            const delay = delayByObject[object] ?? delayMs;
            if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
            return await Reflect.apply(value, target, args);
          } finally {
            call.end = ++clock;
          }
        };
      },
    });
  };
  return {
    /** Every call through a stub from now on waits `ms` before it leaves; `byObject` sets some objects apart. */
    setDelay(ms: number, byObject: Record<string, number> = {}) {
      delayMs = ms;
      delayByObject = byObject;
    },
    /** From now on every call first waits for `held` (none: calls go at once). */
    setGate(held: Gate = () => undefined) {
      gate = held;
    },
    /** Runs `request` and tells which calls its answer waited for. */
    async measure<T>(request: () => Promise<T>): Promise<{ result: T; trace: HopTrace }> {
      const from = ++clock;
      const result = await request();
      const to = ++clock;
      const onPath = calls.filter((call) => call.start > from && call.end !== undefined && call.end < to && !ignore.includes(call.method));
      const chain = longestChain(onPath);
      return { result, trace: { onPath, hops: chain.length, chain, byObject: countBy(onPath) } };
    },
    /** How many calls were recorded: `since(mark)` are those made after. */
    mark: () => calls.length,
    since: (mark: number): TracedCall[] => calls.slice(mark),
    stop() {
      proto.get = original;
    },
  };
}

/** B follows A when A ended before B began, or when B ran inside A. */
function follows(a: TracedCall, b: TracedCall): boolean {
  return a.end! < b.start || (a.start < b.start && b.end! < a.end!);
}

function longestChain(calls: TracedCall[]): TracedCall[] {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const best: { length: number; before: number }[] = [];
  for (let i = 0; i < sorted.length; i++) {
    best[i] = { length: 1, before: -1 };
    for (let j = 0; j < i; j++) {
      if (follows(sorted[j]!, sorted[i]!) && best[j]!.length + 1 > best[i]!.length) best[i] = { length: best[j]!.length + 1, before: j };
    }
  }
  // Of chains as long, the one whose last call ended last: the one the answer waited for (a
  // background call started beside it, a settings refresh say, ends first at the same delay).
  const longer = (i: number, top: number) =>
    best[i]!.length > best[top]!.length || (best[i]!.length === best[top]!.length && sorted[i]!.end! > sorted[top]!.end!);
  let end = best.reduce((top, _entry, i) => (top < 0 || longer(i, top) ? i : top), -1);
  const chain: TracedCall[] = [];
  for (; end >= 0; end = best[end]!.before) chain.unshift(sorted[end]!);
  return chain;
}

function countBy(calls: TracedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.object] = (counts[call.object] ?? 0) + 1;
  return counts;
}
