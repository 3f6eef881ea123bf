// Tasks only the tests register. The queue consumer runs in the same isolate as the tests, so
// it finds them in the same registry, and the test can hold a run open with a gate.
import { z } from "zod";
import type { Refused } from "../../../src/tasks/permissions";
import { task } from "../../../src/tasks/task";

const gates = new Map<string, { open: () => void; opened: Promise<void> }>();
const started = new Set<string>();

/**
 * A run of `gated` blocks until the test opens its gate. Locally the queue delivers one batch
 * at a time, so a closed gate holds back every task queued after it: `openAllGates` in an
 * afterEach keeps one failed test from stalling the next.
 */
export function gate(id: string) {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  gates.set(id, { open, opened });
  return { open, hasStarted: () => started.has(id) };
}

export function openAllGates(): void {
  for (const { open } of gates.values()) open();
}

export const gated = task(async function test_gated(id: string) {
  started.add(id);
  await gates.get(id)?.opened;
  return `gate ${id} passed`;
});

const failuresLeft = new Map<string, number>();

/** Fails `failures` times for this id, then succeeds. */
export function failTimes(id: string, failures: number): void {
  failuresLeft.set(id, failures);
}

export const flaky = task(
  function test_flaky(id: string) {
    const left = failuresLeft.get(id) ?? 0;
    if (left > 0) {
      failuresLeft.set(id, left - 1);
      throw new TypeError(`flaky ${id}: ${left} failure(s) left`);
    }
    return `flaky ${id} done`;
  },
  { retries: 2 },
);

export const neverReturns = task(
  function test_never_returns() {
    return new Promise<never>(() => {});
  },
  { timeout: 0.2 },
);

export const returnsUnserializable = task(function test_unserializable() {
  return { big: 10n } as unknown as string;
});

export const slowDouble = task(
  async function test_slow_double(x: number) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    return x * 2;
  },
  { ttl: 1 },
);

const abortReasons = new Map<string, unknown>();

/**
 * Runs until its signal is aborted (its timeout, or its runner losing the lease), recording why.
 * @byName test_watchful, planted in the store by the tests.
 */
export const watchful = task(
  function test_watchful(id: string) {
    started.add(id);
    const { signal } = this;
    return new Promise<string>((_, reject) => {
      signal.addEventListener("abort", () => {
        abortReasons.set(id, signal.reason);
        reject(signal.reason);
      });
    });
  },
  { timeout: 60 },
);

export function abortReason(id: string): unknown {
  return abortReasons.get(id);
}

// The seed's examples of tasks, as the framework's tests know them (the default app has its own,
// in src/app/tasks.ts, which these tests never load). Importing them registers them all;
// risky_task is run by name only.

export { double } from "../../support/seed-tasks";

/** @byName long_output_task, run over the REST API. */
export const longOutputTask = task(() => "fasthooks ".repeat(1000), {
  name: "long_output_task",
  args: z.tuple([]),
  transform: (output) => output.slice(0, 500),
});

/**
 * A TaskTable as the framework itself uses it, with no actor: the rules of permissions.ts never
 * refuse it, so its answers are typed without `Refused` (a cast: the code is the store's own).
 */
export type Trusted<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => infer R ? (...args: A) => Exclude<R, Refused> : T[K];
};
