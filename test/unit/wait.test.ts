// wait() holds one RPC for at most a minute, and lasts no longer than its caller can use.
import { afterEach, beforeEach, expect, it, vi } from "vitest";
import { HANDLER_WAIT_BUDGET_MS } from "../../src/hooks/settings-fragment";
import type { TaskBackend, TaskStore, WaitUntil } from "../../src/tasks/backend";
import { TaskRegistry } from "../../src/tasks/registry";
import type { TaskResult } from "../../src/tasks/result";
import { Tasks } from "../../src/tasks/tasks";

const running: TaskResult = { key: "k", task: "t", status: "RUNNING", priority: 0, createdAt: 0, expiresAt: null, attempts: 1 };

/** A backend whose task never finishes: each wait() call lasts what it was asked (on the fake clock). */
function neverDone() {
  const holds: number[] = [];
  const store = {
    wait: async (keys: string[], _until: WaitUntil, timeoutMs: number) => {
      holds.push(timeoutMs);
      vi.setSystemTime(Date.now() + timeoutMs);
      return keys.map(() => running);
    },
  } as Partial<TaskStore> as TaskStore;
  const backend: TaskBackend = { registry: new TaskRegistry(), store: () => store };
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

it("ends within the hook's budget in a hook handler (the deadline POST /v1/hooks gives it)", async () => {
  const { backend, holds } = neverDone();
  const tasks = new Tasks(backend, { sessionId: "s", deadline: Date.now() + HANDLER_WAIT_BUDGET_MS });
  expect(await tasks.wait("k", { timeout: 60 })).toBeNull();
  expect(holds).toEqual([HANDLER_WAIT_BUDGET_MS]);
});

it("lasts what was asked when that is less", async () => {
  const { backend, holds } = neverDone();
  const tasks = new Tasks(backend, { sessionId: "s", deadline: Date.now() + 600_000 });
  expect(await tasks.waitAny(["k"], { timeout: 5 })).toBeNull();
  expect(holds).toEqual([5_000]);
});
