// Nothing stuck: a runner that dies, a queue message that is lost, a store restarted, a store
// that cannot be reached once, a queue that is not ours. Rows are planted straight into a
// session's table (with no message on the queue) so that the test, not the real queue, decides
// what was delivered and who ran it.
import {
  createExecutionContext,
  createMessageBatch,
  env,
  evictDurableObject,
  getQueueResult,
  runDurableObjectAlarm,
  runInDurableObject,
} from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { getMeta, migrate, SESSION_STORE_SCHEMA, setMeta } from "../../src/store/schema";
import { sessionStore } from "../../src/store/names";
import { durableBackend } from "../../src/store/durable-backend";
import type { TaskMessage } from "../../src/store/outbox";
import { consumeTaskBatch, type ConsumerOptions } from "../../src/queue/consumer";
import { Tasks } from "../../src/tasks/tasks";
import { eventually, newSession } from "./helpers";
import { abortReason, double, gate, openAllGates } from "./support/test-tasks";

afterEach(() => {
  openAllGates();
  // What the consumer logs of a store out of reach or a foreign queue is expected: captured, asserted.
  vi.restoreAllMocks();
});

const TEAM = "team-recovery";
const storeFor = (session: string) => sessionStore(env.SESSION_STORE, { team: TEAM, session });
const tasksFor = (session: string) => new Tasks(durableBackend(env.SESSION_STORE, TEAM), { sessionId: session });

interface Planted {
  key: string;
  token: string;
  task?: string;
  args?: unknown[];
  maxAttempts?: number;
  /** Its message was sent (and, the test says, lost). */
  sent?: boolean;
}

/** PENDING rows as the store writes them (it knows its session by its name), with no message on the queue. */
async function plant(session: string, rows: Planted[]): Promise<void> {
  await runInDurableObject(storeFor(session), (_instance, state) => {
    migrate(state.storage.sql, SESSION_STORE_SCHEMA);
    const now = Date.now();
    for (const row of rows) {
      state.storage.sql.exec(
        `INSERT INTO tasks (key, task, args, status, priority, ttl_ms, timeout_ms, max_attempts, created_at, ready_at, token, sent, due_at)
         VALUES (?, ?, ?, 'PENDING', 0, 60000, 60000, ?, ?, ?, ?, ?, ?)`,
        row.key,
        row.task ?? "double",
        JSON.stringify(row.args ?? [7]),
        row.maxAttempts ?? 1,
        now,
        now,
        row.token,
        row.sent ? 1 : 0,
        now + 3_600_000,
      );
    }
  });
}

/** When the alarm must next look at a row (a RUNNING row: its lease's end). */
function dueAt(session: string, key: string): Promise<number> {
  return runInDurableObject(
    storeFor(session),
    (_instance, state) => state.storage.sql.exec<{ due_at: number }>("SELECT due_at FROM tasks WHERE key = ?", key).one().due_at,
  );
}

/** Time passes for these rows: their due time (a lease's end, a resend) is now behind them. */
async function overdue(session: string, keys: string[], alarm: "set alarm ahead" | "no alarm"): Promise<void> {
  await runInDurableObject(storeFor(session), (_instance, state) => {
    for (const key of keys) state.storage.sql.exec("UPDATE tasks SET due_at = ? WHERE key = ?", Date.now() - 1, key);
    // Ahead, so that it runs when the test says (runDurableObjectAlarm), not on its own first.
    return alarm === "set alarm ahead" ? state.storage.setAlarm(Date.now() + 60_000) : state.storage.deleteAlarm();
  });
}

function batchOf(queue: string, session: string, tokens: string[]) {
  return createMessageBatch<TaskMessage>(
    queue,
    tokens.map((token, i) => ({ id: `m${i}`, body: { team: TEAM, session, token }, timestamp: new Date(), attempts: 1 })),
  );
}

async function consume(batch: MessageBatch<TaskMessage>, withEnv: Env = env, options: ConsumerOptions = {}) {
  const ctx = createExecutionContext();
  await consumeTaskBatch(batch, withEnv, options);
  return getQueueResult(batch, ctx);
}

describe("a queue message that is lost", () => {
  it("is sent again with the same token when nobody claims it, and its task runs", async () => {
    const session = newSession("lost");
    await plant(session, [{ key: "a", token: "tok-lost", sent: true, args: [21] }]);
    await overdue(session, ["a"], "set alarm ahead");
    expect(await runDurableObjectAlarm(storeFor(session))).toBe(true);
    // The real queue now carries the token again; the real consumer runs the task.
    expect(await tasksFor(session).wait("a", { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: 42, attempts: 1 });
    // The lost message turning up after all finds nothing to do.
    expect((await consume(batchOf("fasthooks-tasks", session, ["tok-lost"]))).explicitAcks).toEqual(["m0"]);
    expect(await tasksFor(session).get("a")).toMatchObject({ status: "COMPLETED", attempts: 1 });
  });
});

describe("a store restarted while a runner died and a message was lost", () => {
  it("catches up on its first call: the dead run is retried, the lost message sent again, both complete", async () => {
    const session = newSession("restart");
    await plant(session, [
      { key: "running", token: "tok-running", sent: true, maxAttempts: 2, args: [1] },
      { key: "waiting", token: "tok-waiting", sent: true, args: [2] },
    ]);
    // A runner claims "running" and dies without a word.
    const claim = await storeFor(session).claim("tok-running");
    expect(claim).toMatchObject({ key: "running", attempt: 1 });
    // The runtime restarts: the alarm is gone (wrangler dev keeps none), the leases and resends are overdue.
    await overdue(session, ["running", "waiting"], "no alarm");
    await evictDurableObject(storeFor(session));
    // One look from anyone is enough: the new instance catches up before answering.
    expect(await tasksFor(session).get("running")).toMatchObject({
      status: "PENDING",
      attempts: 1,
      error: { name: "LeaseExpired" },
    });
    expect(await tasksFor(session).waitAll(["running", "waiting"], { timeout: 10 })).toEqual({ running: 2, waiting: 4 });
    expect(await tasksFor(session).get("running")).toMatchObject({ status: "COMPLETED", attempts: 2 });
    // The dead run's result, if it ever came, is refused.
    expect(await storeFor(session).complete(claim!.runId, "999")).toBe(false);
  });
});

describe("a runner's lease", () => {
  it("is renewed while the run runs, and a run cancelled meanwhile is told to stop", async () => {
    const session = newSession("lease");
    await plant(session, [{ key: "w", token: "tok-w", task: "test_watchful", args: ["lease-1"] }]);
    const batch = batchOf("fasthooks-tasks", session, ["tok-w"]);
    const consuming = consume(batch, env, { renewEveryMs: 20 });
    await eventually(
      () => tasksFor(session).get("w"),
      (task) => task?.status === "RUNNING",
    );
    const firstLease = await dueAt(session, "w");
    await eventually(
      () => dueAt(session, "w"),
      (due) => due > firstLease,
    );
    expect(await tasksFor(session).cancel("w")).toBe(true);
    // The next renewal learns the run lost its task: the run's signal is aborted, its message acked.
    const result = await consuming;
    expect(abortReason("lease-1")).toMatchObject({ name: "LeaseLostError" });
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(await tasksFor(session).get("w")).toMatchObject({ status: "CANCELLED", attempts: 1 });
  });
});

describe("a batch's leases", () => {
  it("are renewed with one call per store and tick, and only the cancelled run is stopped", async () => {
    const session = newSession("lease");
    await plant(session, [
      { key: "w1", token: "tok-w1", task: "test_watchful", args: ["lease-2"] },
      { key: "w2", token: "tok-w2", task: "test_watchful", args: ["lease-3"] },
    ]);
    const renewals: string[][] = [];
    const watched = recordingRenewals(renewals);
    const consuming = consume(batchOf("fasthooks-tasks", session, ["tok-w1", "tok-w2"]), watched, { renewEveryMs: 20 });
    await eventually(
      () => tasksFor(session).list(),
      ({ tasks }) => tasks.every((task) => task.status === "RUNNING"),
    );
    await eventually(
      async () => renewals.length,
      (n) => n >= 3,
    );
    expect(renewals.every((runIds) => runIds.length === 2)).toBe(true);
    await tasksFor(session).cancel("w1");
    await eventually(
      async () => abortReason("lease-2"),
      (reason) => reason !== undefined,
    );
    expect(abortReason("lease-3")).toBeUndefined();
    // Once its run has ended, renewals carry the other run alone.
    await eventually(
      async () => renewals.at(-1)!,
      (runIds) => runIds.length === 1,
    );
    const from = renewals.length;
    await eventually(
      async () => renewals.length,
      (n) => n >= from + 3,
    );
    expect(renewals.slice(from).every((runIds) => runIds.length === 1)).toBe(true);
    await tasksFor(session).cancel("w2");
    expect((await consuming).explicitAcks.sort()).toEqual(["m0", "m1"]);
  });
});

/** The env with a SESSION_STORE whose stubs record the run ids of every renew call. */
function recordingRenewals(renewals: string[][]): Env {
  const namespace = env.SESSION_STORE;
  const recording = {
    idFromName: (name: string) => namespace.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = namespace.get(id);
      return new Proxy(stub, {
        get(target, property) {
          return (...args: unknown[]) => {
            if (property === "renew") renewals.push([...(args[0] as string[])]);
            return (target as any)[property](...args);
          };
        },
      });
    },
  };
  return { ...env, SESSION_STORE: recording } as unknown as Env;
}

/** The env with a SESSION_STORE whose stubs throw on the first `failures` calls of `method`. */
function unreachableOnce(method: string, failures: number): Env {
  let left = failures;
  const namespace = env.SESSION_STORE;
  const flaky = {
    idFromName: (name: string) => namespace.idFromName(name),
    get: (id: DurableObjectId) => {
      const stub = namespace.get(id);
      return new Proxy(stub, {
        get(target, property) {
          if (property === method && left > 0) {
            left--;
            return () => Promise.reject(new Error("Network connection lost."));
          }
          // An RPC stub's methods are looked up, never bound: call through the stub itself.
          return (...args: unknown[]) => (target as any)[property](...args);
        },
      });
    },
  };
  return { ...env, SESSION_STORE: flaky } as unknown as Env;
}

describe("a result the store cannot take at once", () => {
  const couldNotRecord = (attempt: number) => `fasthooks: could not record a run's outcome (try ${attempt}), trying again:`;
  const lostConnection = expect.objectContaining({ message: "Network connection lost." });

  it("is recorded by a retry in the consumer, not lost", async () => {
    const session = newSession("record");
    await plant(session, [{ key: "a", token: "tok-a", args: [50] }]);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const result = await consume(batchOf("fasthooks-tasks", session, ["tok-a"]), unreachableOnce("complete", 2), {
      recordRetryDelaysMs: [0, 0, 0],
    });
    expect(result.explicitAcks).toEqual(["m0"]);
    expect(warnings.mock.calls).toEqual([1, 2].map((attempt) => [couldNotRecord(attempt), lostConnection]));
    expect(await tasksFor(session).get("a")).toMatchObject({ status: "COMPLETED", value: 100, attempts: 1 });
  });

  it("leaves the message to the queue's retry when the store stays out of reach, the task still leased", async () => {
    const session = newSession("record");
    await plant(session, [{ key: "a", token: "tok-a", args: [50] }]);
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const result = await consume(batchOf("fasthooks-tasks", session, ["tok-a"]), unreachableOnce("complete", 10), {
      recordRetryDelaysMs: [0, 0],
    });
    expect(result.retryMessages.map((retry) => retry.msgId)).toEqual(["m0"]);
    expect(warnings.mock.calls).toEqual([1, 2].map((attempt) => [couldNotRecord(attempt), lostConnection]));
    expect(errors).toHaveBeenCalledExactlyOnceWith(`fasthooks: task message for session ${session} will be retried:`, lostConnection);
    // Its lease will lapse and the alarm retry or fail it: it never stays RUNNING.
    expect(await tasksFor(session).get("a")).toMatchObject({ status: "RUNNING" });
    expect(await dueAt(session, "a")).toBeGreaterThan(Date.now() - 1);
  });
});

describe("which queue a batch comes from", () => {
  it("fails the tasks of dead letters from the queue configured as the dead-letter queue, whatever its name", async () => {
    const session = newSession("dlq");
    await plant(session, [{ key: "a", token: "tok-a", sent: true }]);
    const renamed = { ...env, FASTHOOKS_DEAD_LETTER_QUEUE: "graveyard" } as unknown as Env;
    expect((await consume(batchOf("graveyard", session, ["tok-a"]), renamed)).explicitAcks).toEqual(["m0"]);
    expect(await tasksFor(session).get("a")).toMatchObject({ status: "FAILED", error: { name: "DeliveryFailed" } });
  });

  it("neither runs nor fails anything from a queue it does not know, even one named like a dead-letter queue", async () => {
    const session = newSession("dlq");
    await plant(session, [{ key: "a", token: "tok-a", sent: true }]);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    for (const queue of ["fasthooks-tasks-old-dlq", "someone-elses-queue"]) {
      const result = await consume(batchOf(queue, session, ["tok-a"]));
      expect(result.retryBatch.retry).toBe(true);
      expect(result.explicitAcks).toEqual([]);
      // Said loudly: a misnamed queue in wrangler.toml would otherwise leave every task PENDING.
      expect(errors).toHaveBeenLastCalledWith(expect.stringContaining(`fasthooks: a batch from queue "${queue}", which is neither`));
    }
    expect(errors).toHaveBeenCalledTimes(2);
    expect(await tasksFor(session).get("a")).toMatchObject({ status: "PENDING", attempts: 0 });
  });
});

describe("a store's own name", () => {
  it("is known to an instance its alarm wakes after an eviction: it sends the lost message for its session", async () => {
    const session = newSession("named");
    const run = gate("named-alarm");
    await plant(session, [{ key: "a", token: "tok-named", task: "test_gated", args: ["named-alarm"] }]);
    await runInDurableObject(storeFor(session), async (_instance, state) => {
      state.storage.sql.exec("UPDATE tasks SET due_at = ? WHERE key = 'a'", Date.now());
      await state.storage.setAlarm(Date.now() + 1_000);
    });
    await evictDurableObject(storeFor(session));
    // Nothing calls the store: only its alarm can build the instance that sends the message.
    await expect.poll(() => run.hasStarted(), { timeout: 10_000 }).toBe(true);
    run.open();
    expect(await tasksFor(session).wait("a", { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: "gate named-alarm passed" });
  });

  it("replaces the scope row of a store made before it knew its name: that store keeps working", async () => {
    const session = newSession("before-names");
    await runInDurableObject(storeFor(session), (_instance, state) => {
      // The schema and the row as a store kept them before (the step that drops the row, and those after it, not yet applied).
      migrate(state.storage.sql, SESSION_STORE_SCHEMA.slice(0, SESSION_STORE_SCHEMA.indexOf("DELETE FROM meta WHERE name = 'scope'")));
      setMeta(state.storage.sql, "scope", JSON.stringify({ team: TEAM, session }));
    });
    await evictDurableObject(storeFor(session));
    const tasks = tasksFor(session);
    await tasks.add(double, [8], { key: "after" });
    expect(await tasks.wait("after", { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: 16 });
    await runInDurableObject(storeFor(session), (_instance, state) => {
      expect(getMeta(state.storage.sql, "scope")).toBeNull();
      expect(getMeta(state.storage.sql, "schema_version")).toBe(String(SESSION_STORE_SCHEMA.length));
    });
  });
});
