// The SessionStore Durable Object with its real neighbours: the queue that runs its tasks, the
// alarm that expires them, eviction, and waiters.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionStore } from "../../src/store/names";
import { durableBackend } from "../../src/store/durable-backend";
import { SessionStore } from "../../src/store/session-store";
import { Tasks } from "../../src/tasks/tasks";
import { newSession } from "./helpers";
import { double, failTimes, flaky, gate, gated, neverReturns, openAllGates, returnsUnserializable, slowDouble } from "./support/test-tasks";

afterEach(() => {
  openAllGates();
  vi.restoreAllMocks();
});

const TEAM = "team-store";

function tasksFor(session: string, team = TEAM): Tasks {
  return new Tasks(durableBackend(env.SESSION_STORE, team), { sessionId: session });
}

function storeFor(session: string, team = TEAM) {
  return sessionStore(env.SESSION_STORE, { team, session });
}

describe("running through the queue", () => {
  it("runs a task added on one call and hands its value to a later one", async () => {
    const tasks = tasksFor(newSession());
    const { added, result } = await tasks.add(double, [21]);
    expect(added).toBe(true);
    expect(result.status).toBe("PENDING");
    expect(await tasks.wait(double, { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: 42, attempts: 1 });
    expect(await tasks.pop(double)).toBe(42);
    expect(await tasks.get(double)).toBeNull();
  });

  it("retries a failing task and records it once completed", async () => {
    const tasks = tasksFor(newSession());
    failTimes("retry-1", 1);
    await tasks.add(flaky, ["retry-1"]);
    const result = await tasks.wait(flaky, { timeout: 10 });
    expect(result).toMatchObject({ status: "COMPLETED", value: "flaky retry-1 done", attempts: 2 });
  });

  it("fails a task for good once its retries are spent, with the thrown error", async () => {
    const tasks = tasksFor(newSession());
    failTimes("retry-2", 5);
    await tasks.add(flaky, ["retry-2"]);
    const result = await tasks.wait(flaky, { timeout: 20 });
    expect(result).toMatchObject({
      status: "FAILED",
      attempts: 3,
      error: { name: "TypeError", message: "flaky retry-2: 3 failure(s) left" },
    });
    expect(await tasks.popErrors()).toEqual([["test_flaky", { name: "TypeError", message: "flaky retry-2: 3 failure(s) left" }]]);
  });

  it("fails a task that never returns at its timeout, leaving nothing RUNNING", async () => {
    const tasks = tasksFor(newSession());
    await tasks.add(neverReturns);
    expect(await tasks.wait(neverReturns, { timeout: 10 })).toMatchObject({
      status: "FAILED",
      error: { name: "TaskTimeoutError", message: 'Task "test_never_returns" timed out after 0.2 s' },
    });
  });

  it("fails a task whose value cannot be stored as JSON, without retrying", async () => {
    const tasks = tasksFor(newSession());
    await tasks.add(returnsUnserializable);
    const result = await tasks.wait(returnsUnserializable, { timeout: 10 });
    expect(result).toMatchObject({ status: "FAILED", attempts: 1, error: { name: "TaskResultError" } });
  });

  it("never stores the result of a task cancelled while it runs", async () => {
    const tasks = tasksFor(newSession());
    const run = gate("cancel-during");
    const completions = vi.spyOn(SessionStore.prototype, "complete");
    await tasks.add(gated, ["cancel-during"]);
    await expect.poll(async () => (await tasks.get(gated))?.status).toBe("RUNNING");
    expect(await tasks.cancel(gated)).toBe(true);
    run.open();
    // The run tries to record its value, and the store refuses it.
    await expect.poll(() => completions.mock.results.length).toBe(1);
    expect(await completions.mock.results[0]!.value).toBe(false);
    const result = await tasks.get(gated);
    expect(result).toMatchObject({ status: "CANCELLED" });
    expect(result?.value).toBeUndefined();
    expect(await tasks.cancel(gated)).toBe(false);
  });

  it("never runs a task cancelled before it starts", async () => {
    const session = newSession();
    const tasks = tasksFor(session);
    const blocker = gate("blocker");
    await tasks.add(gated, ["blocker"], { key: "blocker" });
    await expect.poll(() => blocker.hasStarted()).toBe(true);
    // With the consumer busy or not, a cancelled PENDING task's message finds nothing to run.
    const never = gate("never");
    const claims = vi.spyOn(SessionStore.prototype, "claim");
    await tasks.add(gated, ["never"], { key: "never" });
    const token = await runInDurableObject(
      storeFor(session),
      (_instance, state) => state.storage.sql.exec<{ token: string }>("SELECT token FROM tasks WHERE key = 'never'").one().token,
    );
    await tasks.cancel("never");
    blocker.open();
    never.open();
    await tasks.wait("blocker", { timeout: 10 });
    // Its message is delivered all the same: the claim finds nothing to run.
    await expect.poll(() => claims.mock.calls.findIndex(([claimed]) => claimed === token)).toBeGreaterThanOrEqual(0);
    const claim = claims.mock.results[claims.mock.calls.findIndex(([claimed]) => claimed === token)]!;
    expect(await claim.value).toBeNull();
    expect(never.hasStarted()).toBe(false);
    expect(await tasks.get("never")).toMatchObject({ status: "CANCELLED", attempts: 0 });
  });
});

describe("waiting", () => {
  it("wakes a waiter when its task settles, and times out with null otherwise", async () => {
    const tasks = tasksFor(newSession());
    const run = gate("wait-1");
    await tasks.add(gated, ["wait-1"], { key: "w" });
    expect(await tasks.wait("w", { timeout: 0.1 })).toBeNull();
    const waiting = tasks.wait("w", { timeout: 30 });
    run.open();
    expect(await waiting).toMatchObject({ status: "COMPLETED", value: "gate wait-1 passed" });
    expect(await tasks.wait("no-such-key", { timeout: 5 })).toBeNull();
  });

  it("waitAny answers with the first to complete; waitAll with every completed value", async () => {
    const tasks = tasksFor(newSession());
    const slow = gate("any-slow");
    await tasks.add(double, [5], { key: "fast" });
    await tasks.add(gated, ["any-slow"], { key: "slow" });
    expect(await tasks.waitAny(["slow", "fast"], { timeout: 30 })).toEqual(["fast", 10]);
    expect(await tasks.waitAll(["slow", "fast"], { timeout: 0.1 })).toEqual({ fast: 10 });
    const all = tasks.waitAll(["slow", "fast"], { timeout: 30 });
    slow.open();
    expect(await all).toEqual({ slow: "gate any-slow passed", fast: 10 });
  });

  it("waitAny gives up at once when none of its tasks can complete any more", async () => {
    const tasks = tasksFor(newSession());
    failTimes("any-fail", 5);
    await tasks.add(flaky, ["any-fail"], { key: "doomed" });
    await tasks.cancel("doomed");
    expect(await tasks.waitAny(["doomed", "missing"], { timeout: 30 })).toBeNull();
  });
});

describe("expiry by alarm", () => {
  it("deletes a result once its ttl has passed, re-arming for the next expiry", async () => {
    const session = newSession();
    const tasks = tasksFor(session);
    await tasks.add(slowDouble, [1], { key: "short" }); // ttl 1 s
    await tasks.add(slowDouble, [2], { key: "long", ttl: 60 });
    const short = await tasks.wait("short", { timeout: 10 });
    const long = await tasks.wait("long", { timeout: 10 });
    const store = storeFor(session);
    // One alarm, at the earliest expiry.
    expect(await runInDurableObject(store, (_instance, state) => state.storage.getAlarm())).toBe(short!.expiresAt);
    await new Promise((resolve) => setTimeout(resolve, short!.expiresAt! - Date.now() + 10));
    // Expired rows are never read, even before the alarm runs...
    expect(await tasks.get("short")).toBeNull();
    // ...and the alarm deletes them.
    expect(await runDurableObjectAlarm(store)).toBe(true);
    const keys = await runInDurableObject(store, (_instance, state) =>
      state.storage.sql
        .exec<{ key: string }>("SELECT key FROM tasks")
        .toArray()
        .map((row) => row.key),
    );
    expect(keys).toEqual(["long"]);
    expect(await runInDurableObject(store, (_instance, state) => state.storage.getAlarm())).toBe(long!.expiresAt);
  });

  it("is harmless when the alarm runs more often than needed", async () => {
    const session = newSession();
    const tasks = tasksFor(session);
    await tasks.add(double, [4]);
    await tasks.wait(double, { timeout: 10 });
    const store = storeFor(session);
    await runDurableObjectAlarm(store);
    await runInDurableObject(store, (instance) => instance.alarm());
    expect(await tasks.pop(double)).toBe(8);
  });

  it("sets an empty store's alarm on a whole minute, so that reads and pops of nothing move no alarm", async () => {
    const session = newSession();
    const tasks = tasksFor(session);
    await tasks.add(double, [5]);
    await tasks.wait(double, { timeout: 10 });
    expect(await tasks.pop(double)).toBe(10);
    const alarmOf = () => runInDurableObject(storeFor(session), (_instance, state) => state.storage.getAlarm());
    const first = await alarmOf();
    expect(first! % 60_000).toBe(0);
    expect(await tasks.pop(double)).toBeNull();
    expect(await tasks.popErrors()).toEqual([]);
    // The same alarm, or the next minute's if one began in between.
    expect([0, 60_000]).toContain((await alarmOf())! - first!);
  });
});

describe("persistence", () => {
  it("keeps results when the object is evicted and a fresh stub reaches it", async () => {
    const session = newSession();
    await tasksFor(session).add(double, [50]);
    await tasksFor(session).wait(double, { timeout: 10 });
    await evictDurableObject(storeFor(session));
    expect(await tasksFor(session).get(double)).toMatchObject({ status: "COMPLETED", value: 100 });
  });
});

describe("isolation", () => {
  it("keeps each team's session apart, even with the same session id", async () => {
    const session = newSession();
    await tasksFor(session, "team-x").add(double, [1]);
    await tasksFor(session, "team-x").wait(double, { timeout: 10 });
    const other = tasksFor(session, "team-y");
    expect(await other.get(double)).toBeNull();
    expect(await other.pop(double)).toBeNull();
    expect(await other.cancel(double)).toBe(false);
    expect(await tasksFor(session, "team-x").pop(double)).toBe(2);
  });
});

describe("waiting on many keys", () => {
  it("waitAll on 300 tasks returns every value once all are done", async () => {
    const tasks = tasksFor(newSession("many"));
    const keys = Array.from({ length: 300 }, (_, i) => `n${i}`);
    await Promise.all(keys.map((key, i) => tasks.add(double, [i], { key })));
    const values = await tasks.waitAll(keys, { timeout: 60 });
    expect(Object.keys(values)).toHaveLength(300);
    expect(values.n299).toBe(598);
  }, 60_000);
});
