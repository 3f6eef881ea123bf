/**
 * Hops, counted: every call a Durable Object receives (RPC methods, fetch, alarm) is recorded
 * with its start and end on one logical clock, and may be delayed on entry by `delayMs` (the
 * stand-in for a call that crosses an ocean). In workerd's test runner the tests, the Worker and
 * the objects share one isolate, so wrapping the classes' prototypes sees every call the
 * runtime delivers. Test and benchmark code only: src/ never knows.
 *
 * A hook's hops are the longest chain of calls its answer waited for: a call that ended before
 * the answer arrived is on its path; two calls are in a chain when one ended before the other
 * began (one after the other) or one ran inside the other (an object calling another).
 */

export interface TracedCall {
  /** "session store", "team store", "team index"... (see `objectOf`). */
  object: string;
  method: string;
  start: number;
  end: number | undefined;
}

export interface HopTrace {
  /** The calls whose end the answer waited for, in the order they started. */
  onPath: TracedCall[];
  /** The longest chain of them. */
  hops: number;
  /** Calls on the path, by object. */
  byObject: Record<string, number>;
}

type ObjectOf = (instance: unknown, className: string) => string;

export function traceHops(classes: Record<string, { prototype: object }>, objectOf: ObjectOf = (_i, name) => name) {
  let clock = 0;
  let delayMs = 0;
  const calls: TracedCall[] = [];
  for (const [className, cls] of Object.entries(classes)) {
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as unknown;
      // Methods only; WebSocket events are not calls anyone made.
      if (name === "constructor" || name.startsWith("webSocket") || typeof method !== "function") continue;
      proto[name] = async function (this: unknown, ...args: unknown[]) {
        const call: TracedCall = { object: objectOf(this, className), method: name, start: ++clock, end: undefined };
        calls.push(call);
        try {
          if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
          return await (method as (...a: unknown[]) => unknown).apply(this, args);
        } finally {
          call.end = ++clock;
        }
      };
    }
  }
  return {
    /** Every call into an object from now on waits `ms` before it runs. */
    setDelay(ms: number) {
      delayMs = ms;
    },
    /** Runs `request` and tells which calls its answer waited for. */
    async measure<T>(request: () => Promise<T>): Promise<{ result: T; trace: HopTrace }> {
      const from = ++clock;
      const result = await request();
      const to = ++clock;
      const onPath = calls.filter((call) => call.start > from && call.end !== undefined && call.end < to);
      return { result, trace: { onPath, hops: longestChain(onPath), byObject: countBy(onPath) } };
    },
    /** Every call recorded so far (the background ones too), by "object.method". */
    all(): Record<string, number> {
      const counts: Record<string, number> = {};
      for (const call of calls) counts[`${call.object}.${call.method}`] = (counts[`${call.object}.${call.method}`] ?? 0) + 1;
      return counts;
    },
    /** How many calls were recorded: `calls.slice(mark)` are those made since. */
    mark: () => calls.length,
    since: (mark: number): TracedCall[] => calls.slice(mark),
  };
}

/** B follows A when A ended before B began, or when B ran inside A. */
function follows(a: TracedCall, b: TracedCall): boolean {
  return a.end! < b.start || (a.start < b.start && b.end! < a.end!);
}

function longestChain(calls: TracedCall[]): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  const best: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    best[i] = 1;
    for (let j = 0; j < i; j++) if (follows(sorted[j]!, sorted[i]!)) best[i] = Math.max(best[i]!, best[j]! + 1);
  }
  return Math.max(0, ...best);
}

function countBy(calls: TracedCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const call of calls) counts[call.object] = (counts[call.object] ?? 0) + 1;
  return counts;
}
