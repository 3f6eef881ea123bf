// wait() holds one RPC for at most a minute, and lasts no longer than its caller can use.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import type { TaskBackend, WaitUntil } from "../../src/tasks/backend";
import { ImmediateBackend } from "../../src/tasks/immediate-backend";
import { TaskRegistry } from "../../src/tasks/registry";
import type { TaskResult } from "../../src/tasks/result";
import { Tasks } from "../../src/tasks/tasks";

const running: TaskResult = { key: "k", task: "t", status: "RUNNING", priority: 0, createdAt: 0, expiresAt: null, attempts: 1 };

/** A backend whose task never finishes: each wait() call lasts what it was asked (on the fake clock). */
function neverDone() {
  const holds: number[] = [];
  const backend = new ImmediateBackend({ registry: new TaskRegistry() }) as unknown as TaskBackend;
  backend.wait = async (_session: string, keys: string[], _until: WaitUntil, timeoutMs: number) => {
    holds.push(timeoutMs);
    vi.setSystemTime(Date.now() + timeoutMs);
    return keys.map(() => running);
  };
  return { backend, holds };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_700_000_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

it("holds one call at most 60 s, asking again until the task's deadline", async () => {
  const { backend, holds } = neverDone();
  const tasks = new Tasks(backend, { sessionId: "s", deadline: Date.now() + 150_000 });
  expect(await tasks.wait("k", { timeout: 900 })).toBeNull();
  expect(holds).toEqual([60_000, 60_000, 30_000]);
});

it("lasts at most 60 s for a caller outside a task run (an HTTP answer)", async () => {
  const { backend, holds } = neverDone();
  const tasks = new Tasks(backend, { sessionId: "s" });
  expect(await tasks.waitAll(["k"], { timeout: 900 })).toEqual({});
  expect(holds).toEqual([60_000]);
});

it("lasts what was asked when that is less", async () => {
  const { backend, holds } = neverDone();
  const tasks = new Tasks(backend, { sessionId: "s", deadline: Date.now() + 600_000 });
  expect(await tasks.waitAny(["k"], { timeout: 5 })).toBeNull();
  expect(holds).toEqual([5_000]);
});
