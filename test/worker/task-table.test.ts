// The task lifecycle rules, on the real Durable Object SQLite but with a clock the test holds:
// every transition of TaskTable, without waiting for real time or the real queue.
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { migrate, SESSION_STORE_SCHEMA } from "../../src/store/schema";
import { Outbox } from "../../src/store/outbox";
import { retryDelayMs, TaskTable } from "../../src/store/task-table";
import type { AddRequest } from "../../src/tasks/backend";
import { LEASE, LIMITS } from "../../src/tasks/limits";
import type { Trusted } from "./support/test-tasks";

const T0 = 1_700_000_000_000;
const ALL = { limit: 1000, values: true };

function request(key: string, overrides: Partial<AddRequest> = {}): AddRequest {
  return {
    key,
    task: "double",
    argsJson: "[21]",
    ttlMs: 60_000,
    priority: 0,
    timeoutMs: 10_000,
    maxAttempts: 1,
    ...overrides,
  };
}

let objects = 0;
/** The outbox of the table `withTable` runs on: the queue messages its rows are due. */
let outbox: Outbox;
/** A TaskTable on a fresh Durable Object's storage; `changed` records its change notices. */
async function withTable<R>(body: (table: Trusted<TaskTable>, changed: string[]) => R | Promise<R>): Promise<R> {
  const stub = env.SESSION_STORE.get(env.SESSION_STORE.idFromName(`task-table-${objects++}`));
  return runInDurableObject(stub, async (_instance, state) => {
    migrate(state.storage.sql, SESSION_STORE_SCHEMA);
    const changed: string[] = [];
    outbox = new Outbox(state.storage.sql);
    return body(new TaskTable(state.storage, (key) => changed.push(key)) as unknown as Trusted<TaskTable>, changed);
  });
}

describe("add", () => {
  it("stores a PENDING row with no expiry and queues one message for it", () =>
    withTable((table) => {
      const { added, result } = table.add(request("a"), T0);
      expect(added).toBe(true);
      expect(result).toEqual({
        key: "a",
        task: "double",
        status: "PENDING",
        priority: 0,
        createdAt: T0,
        expiresAt: null,
        attempts: 0,
      });
      const dispatches = outbox.takeUnsent(T0);
      expect(dispatches).toHaveLength(1);
      expect(dispatches[0]!.delaySeconds).toBe(0);
      // Taken means under way: a second look does not send it twice.
      expect(outbox.takeUnsent(T0)).toEqual([]);
    }));

  it("leaves a PENDING or RUNNING key alone and says so", () =>
    withTable((table) => {
      table.add(request("a", { argsJson: "[1]" }), T0);
      const again = table.add(request("a", { argsJson: "[2]" }), T0 + 1);
      expect(again.added).toBe(false);
      expect(again.result.createdAt).toBe(T0);
      const [dispatch] = outbox.takeUnsent(T0 + 1);
      expect(dispatch).toBeDefined();
      const claim = table.claim(dispatch!.token, T0 + 2, "run-1");
      expect(claim?.argsJson).toBe("[1]");
      const whileRunning = table.add(request("a", { argsJson: "[3]" }), T0 + 3);
      expect(whileRunning.added).toBe(false);
      expect(whileRunning.result.status).toBe("RUNNING");
    }));

  it("starts a fresh run for a finished key", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      table.complete("run-1", "42", undefined, T0 + 5);
      const again = table.add(request("a"), T0 + 10);
      expect(again.added).toBe(true);
      expect(again.result).toMatchObject({ status: "PENDING", attempts: 0, createdAt: T0 + 10 });
      expect(again.result.value).toBeUndefined();
    }));
});

describe("claim", () => {
  it("runs a session's pending tasks highest priority first, then oldest first", () =>
    withTable((table) => {
      table.add(request("low", { priority: 1 }), T0);
      table.add(request("high", { priority: 9 }), T0 + 1);
      table.add(request("mid-old", { priority: 5 }), T0 + 2);
      table.add(request("mid-new", { priority: 5 }), T0 + 3);
      const tokens = outbox.takeUnsent(T0 + 3).map((dispatch) => dispatch.token);
      expect(tokens).toHaveLength(4);
      // Messages arrive in any order; each claims the best task still pending.
      const order = [tokens[3], tokens[0], tokens[2], tokens[1]].map((token, i) => table.claim(token!, T0 + 10, `run-${i}`)?.key);
      expect(order).toEqual(["high", "mid-old", "mid-new", "low"]);
    }));

  it("does nothing for a redelivered message, so a task runs once per message", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      table.add(request("b"), T0);
      const [first, second] = outbox.takeUnsent(T0);
      expect(table.claim(first!.token, T0, "run-1")?.key).toBe("a");
      expect(table.claim(first!.token, T0 + 1, "run-2")).toBeNull();
      expect(table.get("a", T0 + 1)).toMatchObject({ status: "RUNNING", attempts: 1 });
      expect(table.claim(second!.token, T0 + 2, "run-3")?.key).toBe("b");
    }));

  it("hands the token of a claimed higher-priority task to the one it overtook", () =>
    withTable((table) => {
      table.add(request("first", { priority: 0 }), T0);
      table.add(request("urgent", { priority: 10 }), T0 + 1);
      const [firstToken, urgentToken] = outbox.takeUnsent(T0 + 1).map((dispatch) => dispatch.token);
      // first's message arrives first, but urgent runs.
      expect(table.claim(firstToken!, T0 + 2, "run-1")?.key).toBe("urgent");
      // urgent's message, still on the queue, now claims first.
      expect(table.claim(urgentToken!, T0 + 3, "run-2")?.key).toBe("first");
    }));

  it("never runs a cancelled task", () =>
    withTable((table, changed) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      changed.length = 0;
      expect(table.cancel("a", T0 + 1)).toEqual(["a"]);
      expect(changed).toEqual(["a"]);
      expect(table.claim(dispatch!.token, T0 + 2, "run-1")).toBeNull();
      expect(table.get("a", T0 + 2)).toMatchObject({ status: "CANCELLED", finishedAt: T0 + 1, attempts: 0 });
    }));

  it("gives the run everything it needs: task, args, attempt, timeout", () =>
    withTable((table) => {
      table.add(request("a", { task: "analyze_code", argsJson: '["x = 1"]', timeoutMs: 5000 }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      expect(table.claim(dispatch!.token, T0 + 1, "run-1")).toEqual({
        key: "a",
        task: "analyze_code",
        argsJson: '["x = 1"]',
        attempt: 1,
        maxAttempts: 1,
        runId: "run-1",
        timeoutMs: 5000,
      });
      expect(table.get("a", T0 + 1)).toMatchObject({ status: "RUNNING", startedAt: T0 + 1 });
      // The lease: short, whatever the timeout; the alarm looks at the run when it lapses.
      expect(table.nextDueAt()).toBe(T0 + 1 + LEASE.leaseMs);
    }));
});

describe("recording a run", () => {
  it("stores the value of the run that owns the task, and nothing from any other run", () =>
    withTable((table, changed) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      changed.length = 0;
      expect(table.complete("someone-else", '"forged"', undefined, T0 + 1)).toBe(false);
      expect(table.complete("run-1", "42", undefined, T0 + 2)).toBe(true);
      expect(table.complete("run-1", "43", undefined, T0 + 3)).toBe(false);
      expect(changed).toEqual(["a"]);
      expect(table.get("a", T0 + 3)).toMatchObject({
        status: "COMPLETED",
        value: 42,
        finishedAt: T0 + 2,
        expiresAt: T0 + 2 + 60_000,
      });
    }));

  it("drops the late result of a run cancelled while it ran", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      table.cancel("a", T0 + 1);
      expect(table.complete("run-1", "42", undefined, T0 + 2)).toBe(false);
      expect(table.fail("run-1", { error: { name: "Error", message: "late" }, retryable: true }, T0 + 2)).toBe(false);
      const result = table.get("a", T0 + 2);
      expect(result).toMatchObject({ status: "CANCELLED" });
      expect(result?.value).toBeUndefined();
    }));

  it("retries a failed run after a backoff while attempts remain, then fails for good", () =>
    withTable((table) => {
      table.add(request("a", { maxAttempts: 2 }), T0);
      const [first] = outbox.takeUnsent(T0);
      table.claim(first!.token, T0, "run-1");
      expect(table.fail("run-1", { error: { name: "Error", message: "flaky" }, retryable: true }, T0 + 10)).toBe(true);
      expect(table.get("a", T0 + 10)).toMatchObject({
        status: "PENDING",
        attempts: 1,
        error: { name: "Error", message: "flaky" },
      });
      // The retry's message is sent with the backoff as its delay.
      const [retry] = outbox.takeUnsent(T0 + 10);
      expect(retry!.delaySeconds).toBe(retryDelayMs(1) / 1000);
      expect(table.claim(retry!.token, T0 + 10 + retryDelayMs(1), "run-2")?.attempt).toBe(2);
      table.fail("run-2", { error: { name: "Error", message: "still flaky" }, retryable: true }, T0 + 2000);
      expect(table.get("a", T0 + 2000)).toMatchObject({
        status: "FAILED",
        attempts: 2,
        error: { name: "Error", message: "still flaky" },
        expiresAt: T0 + 2000 + 60_000,
      });
    }));

  it("does not retry what a retry cannot fix", () =>
    withTable((table) => {
      table.add(request("a", { maxAttempts: 3 }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      table.fail("run-1", { error: { name: "TaskResultError", message: "not JSON" }, retryable: false }, T0 + 1);
      expect(table.get("a", T0 + 1)).toMatchObject({ status: "FAILED", attempts: 1 });
    }));

  it("keeps a task waiting for its retry backoff out of other messages' claims", () =>
    withTable((table) => {
      table.add(request("retrying", { maxAttempts: 2, priority: 5 }), T0);
      const [first] = outbox.takeUnsent(T0);
      table.claim(first!.token, T0, "run-1");
      table.fail("run-1", { error: { name: "Error", message: "x" }, retryable: true }, T0 + 1);
      outbox.takeUnsent(T0 + 1);
      table.add(request("other", { priority: 0 }), T0 + 2);
      const [other] = outbox.takeUnsent(T0 + 2);
      // "retrying" has the higher priority but is not due before T0 + 1 + 1000.
      expect(table.claim(other!.token, T0 + 3, "run-2")?.key).toBe("other");
    }));

  it("sums API usage over attempts", () =>
    withTable((table) => {
      const usage = {
        inputTokens: 10,
        outputTokens: 5,
        cacheCreationInputTokens: 1,
        cacheReadInputTokens: 2,
        costUsd: 0.5,
      };
      table.add(request("a", { maxAttempts: 2 }), T0);
      const [first] = outbox.takeUnsent(T0);
      table.claim(first!.token, T0, "run-1");
      table.fail("run-1", { error: { name: "Error", message: "x" }, retryable: true, usage }, T0 + 1);
      const [retry] = outbox.takeUnsent(T0 + 1);
      table.claim(retry!.token, T0 + 5000, "run-2");
      table.complete("run-2", '"ok"', usage, T0 + 5001);
      expect(table.get("a", T0 + 5001)?.usage).toEqual({
        inputTokens: 20,
        outputTokens: 10,
        cacheCreationInputTokens: 2,
        cacheReadInputTokens: 4,
        costUsd: 1,
      });
    }));
});

describe("expiry (the alarm's work)", () => {
  it("counts ttl from when the result is ready, and never returns an expired row", () =>
    withTable((table) => {
      table.add(request("a", { ttlMs: 1000 }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      outbox.sent([dispatch!.token], T0);
      // Long queued and long running: the ttl has not started.
      table.claim(dispatch!.token, T0 + 5000, "run-1");
      table.complete("run-1", "1", undefined, T0 + 9000);
      expect(table.get("a", T0 + 9999)).not.toBeNull();
      expect(table.has("a", T0 + 9999)).toBe(true);
      // Expired: gone from every read before the alarm has run.
      expect(table.get("a", T0 + 10_000)).toBeNull();
      expect(table.has("a", T0 + 10_000)).toBe(false);
      expect(table.pop("a", T0 + 10_000)).toBeNull();
      expect(table.list(T0 + 10_000, ALL).tasks).toEqual([]);
      expect(table.popAll(T0 + 10_000)).toEqual({});
    }));

  it("deletes every expired row, keeps the rest, and is due next at the earliest expiry", () =>
    withTable((table) => {
      for (const [key, ttlMs] of [
        ["short", 1000],
        ["long", 5000],
      ] as const) {
        table.add(request(key, { ttlMs }), T0);
      }
      for (const { token } of outbox.takeUnsent(T0)) {
        const claim = table.claim(token, T0, `run-${token}`)!;
        table.complete(claim.runId, "1", undefined, T0);
      }
      expect(table.nextDueAt()).toBe(T0 + 1000);
      table.expire(T0 + 1000);
      table.expire(T0 + 1000); // alarms are at-least-once
      expect(table.list(T0, ALL).tasks.map((result) => result.key)).toEqual(["long"]);
      expect(table.nextDueAt()).toBe(T0 + 5000);
      table.expire(T0 + 5000);
      expect(table.nextDueAt()).toBeNull();
    }));

  it("retries a run whose runner stopped renewing its lease (it died), then fails it when attempts are spent", () =>
    withTable((table) => {
      // A long task: its timeout does not delay noticing a dead runner.
      table.add(request("a", { maxAttempts: 2, timeoutMs: 300_000 }), T0);
      const [first] = outbox.takeUnsent(T0);
      table.claim(first!.token, T0, "run-1");
      // Renewed while its runner lives...
      expect(table.renew("run-1", T0 + 10_000)).toBe(true);
      expect(table.renew("run-1", T0 + 20_000)).toBe(true);
      const leaseEnd = T0 + 20_000 + LEASE.leaseMs;
      expect(table.nextDueAt()).toBe(leaseEnd);
      // ...then the runner dies: the lease lapses a lease after its last renewal.
      table.expire(leaseEnd - 1);
      expect(table.get("a", leaseEnd - 1)?.status).toBe("RUNNING");
      table.expire(leaseEnd);
      expect(table.get("a", leaseEnd)).toMatchObject({
        status: "PENDING",
        attempts: 1,
        error: { name: "LeaseExpired" },
      });
      // The dead run's result, if it ever comes, is not stored; nor is its lease renewed.
      expect(table.complete("run-1", "1", undefined, leaseEnd + 1)).toBe(false);
      expect(table.renew("run-1", leaseEnd + 1)).toBe(false);
      const [retry] = outbox.takeUnsent(leaseEnd);
      table.claim(retry!.token, leaseEnd + 5000, "run-2");
      const secondLeaseEnd = leaseEnd + 5000 + LEASE.leaseMs;
      table.expire(secondLeaseEnd);
      expect(table.get("a", secondLeaseEnd)).toMatchObject({
        status: "FAILED",
        attempts: 2,
        error: { name: "LeaseExpired" },
      });
    }));

  it("does not believe a runner that renews past the task's timeout", () =>
    withTable((table) => {
      table.add(request("a", { timeoutMs: 5_000 }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      expect(table.renew("run-1", T0 + 4_000)).toBe(true);
      expect(table.nextDueAt()).toBe(T0 + 4_000 + LEASE.leaseMs);
      expect(table.renew("run-1", T0 + 30_000)).toBe(true);
      expect(table.nextDueAt()).toBe(T0 + 5_000 + LEASE.leaseMs);
      table.expire(T0 + 5_000 + LEASE.leaseMs);
      expect(table.get("a", T0 + 40_000)).toMatchObject({ status: "FAILED", error: { name: "LeaseExpired" } });
    }));

  it("sends a task's token again when nobody claims it, backing off, and claims stay idempotent", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      outbox.sent([dispatch!.token], T0);
      // The message is lost: 30 s later the alarm puts the same token back in the outbox.
      expect(table.nextDueAt()).toBe(T0 + LEASE.resendFirstMs);
      table.expire(T0 + LEASE.resendFirstMs - 1);
      expect(outbox.takeUnsent(T0 + LEASE.resendFirstMs - 1)).toEqual([]);
      table.expire(T0 + LEASE.resendFirstMs);
      const [again] = outbox.takeUnsent(T0 + LEASE.resendFirstMs);
      expect(again).toEqual({ token: dispatch!.token, delaySeconds: 0 });
      outbox.sent([again!.token], T0 + LEASE.resendFirstMs);
      // Then after as long again as it has waited: 30 s more, then 60 s, then 120 s...
      expect(table.nextDueAt()).toBe(T0 + 2 * LEASE.resendFirstMs);
      table.expire(T0 + 60_000);
      outbox.sent(
        outbox.takeUnsent(T0 + 60_000).map((d) => d.token),
        T0 + 60_000,
      );
      expect(table.nextDueAt()).toBe(T0 + 120_000);
      // Both messages arrive after all: the first claims, the duplicate finds nothing to do.
      expect(table.claim(dispatch!.token, T0 + 70_000, "run-1")?.key).toBe("a");
      expect(table.claim(dispatch!.token, T0 + 70_001, "run-2")).toBeNull();
      expect(table.get("a", T0 + 70_001)).toMatchObject({ status: "RUNNING", attempts: 1 });
    }));

  it("resends at most every 5 min, and fails a task no consumer claimed within the hour", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const sends: number[] = [];
      const deadline = T0 + LIMITS.pendingMaxSeconds * 1000;
      let token = "";
      let now = T0;
      for (;;) {
        table.expire(now);
        if (table.get("a", now)?.status !== "PENDING") break;
        const dispatches = outbox.takeUnsent(now);
        if (dispatches.length > 0) {
          token = dispatches[0]!.token;
          sends.push(now - T0);
          outbox.sent([token], now);
        }
        now = table.nextDueAt()!;
      }
      expect(sends.slice(0, 5)).toEqual([0, 30_000, 60_000, 120_000, 240_000]);
      const gaps = sends.slice(1).map((at, i) => at - sends[i]!);
      expect(Math.max(...gaps)).toBe(LEASE.resendMaxMs);
      expect(now).toBe(deadline);
      expect(table.get("a", deadline)).toMatchObject({ status: "FAILED", error: { name: "NotStarted" } });
      expect(table.claim(token, deadline + 1, "late")).toBeNull();
    }));

  it("fails the task of a dead-lettered message, and only a PENDING one", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      table.add(request("b"), T0);
      const [a, b] = outbox.takeUnsent(T0);
      table.claim(b!.token, T0, "run-b"); // claims a (oldest), b keeps a token
      expect(table.get("a", T0)?.status).toBe("RUNNING");
      expect(table.deadLetter(a!.token, T0 + 1)).toBe(true);
      expect(table.get("b", T0 + 1)).toMatchObject({ status: "FAILED", error: { name: "DeliveryFailed" } });
      expect(table.deadLetter(b!.token, T0 + 1)).toBe(false);
      expect(table.get("a", T0 + 1)?.status).toBe("RUNNING");
    }));
});

describe("change notices (live updates, waiters, the team index)", () => {
  it("names the key of every write and removal, and nothing for reads or refused writes", () =>
    withTable((table, changed) => {
      table.add(request("a", { ttlMs: 1000 }), T0);
      expect(changed).toEqual(["a"]);
      const [dispatch] = outbox.takeUnsent(T0);
      table.claim(dispatch!.token, T0, "run-1");
      table.get("a", T0);
      table.list(T0, ALL);
      table.complete("wrong-run", "1", undefined, T0);
      expect(changed).toEqual(["a", "a"]);
      table.complete("run-1", "1", undefined, T0);
      table.expire(T0 + 1000);
      expect(changed).toEqual(["a", "a", "a", "a"]);
      expect(table.get("a", T0 + 1000)).toBeNull();
    }));
});

describe("getOrAdd (keepCompleted) and origin", () => {
  it("reuses a COMPLETED result, and runs again after a failure", () =>
    withTable((table) => {
      table.add(request("review:abc", { addedBy: { member: "alice", cwd: "/repo" } }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      const claim = table.claim(dispatch!.token, T0, "run-1")!;
      expect(claim.addedBy).toEqual({ member: "alice", cwd: "/repo" });
      table.complete(claim.runId, '"fine"', undefined, T0 + 1);
      const reused = table.add(request("review:abc", { keepCompleted: true, addedBy: { member: "bob" } }), T0 + 2);
      expect(reused.added).toBe(false);
      expect(reused.result).toMatchObject({ status: "COMPLETED", value: "fine", addedBy: { member: "alice", cwd: "/repo" } });
      // A plain add still runs afresh.
      expect(table.add(request("review:abc", { addedBy: { member: "bob" } }), T0 + 3).result.addedBy).toEqual({ member: "bob" });
    }));
});

describe("a key held by another task", () => {
  it("is never handed out as this task's result: getOrAdd runs this task afresh", () =>
    withTable((table) => {
      const run = (key: string, task: string, at: number) => {
        table.add(request(key, { task }), at);
        const claim = table.claim(outbox.takeUnsent(at)[0]!.token, at, `run-${key}-${at}`)!;
        table.complete(claim.runId, '"a result"', undefined, at);
      };
      run("review:ghi", "review_code", T0);
      // A teammate plants a value, or another task's result, under the key a review would use.
      table.put({ key: "review:abc", valueJson: '"LGTM, ship it"', ttlMs: 60_000, addedBy: { member: "mallory" } }, T0);
      run("review:def", "analyze_code", T0);
      for (const key of ["review:abc", "review:def"]) {
        const review = table.add(request(key, { task: "review_code", keepCompleted: true }), T0 + 1);
        expect(review).toMatchObject({ added: true, result: { key, task: "review_code", status: "PENDING" } });
      }
      // This task's own result is reused.
      expect(table.add(request("review:ghi", { task: "review_code", keepCompleted: true }), T0 + 3)).toMatchObject({
        added: false,
        result: { task: "review_code", status: "COMPLETED", value: "a result" },
      });
    }));

  it("is replaced by add when PENDING or RUNNING, and the replaced run's result is refused", () =>
    withTable((table) => {
      table.add(request("k", { task: "double" }), T0);
      const claim = table.claim(outbox.takeUnsent(T0)[0]!.token, T0, "run-1")!;
      const other = table.add(request("k", { task: "analyze_code" }), T0 + 1);
      expect(other).toMatchObject({ added: true, result: { task: "analyze_code", status: "PENDING" } });
      expect(table.complete(claim.runId, "42", undefined, T0 + 2)).toBe(false);
      expect(table.renew(claim.runId, T0 + 2)).toBe(false);
      // The same task under the key is still left alone.
      expect(table.add(request("k", { task: "analyze_code" }), T0 + 3).added).toBe(false);
    }));
});

describe("keys that SQLite cannot store as given", () => {
  it("never wedge the store: rows are changed by rowid, and the other tasks run", () =>
    withTable((table) => {
      // Half an emoji (a lone surrogate) is stored changed, so it never matches itself again.
      const broken = "\uD83D-cut";
      table.add(request(broken, { priority: 5 }), T0);
      table.add(request("fine"), T0);
      const [first, second] = outbox.takeUnsent(T0);
      // The broken key's row is the best: claimed by the other row's message, tokens swap.
      const claimed = table.claim(second!.token, T0 + 1, "run-1")!;
      expect(claimed.key).not.toBe("fine");
      expect(table.complete("run-1", '"done"', undefined, T0 + 2)).toBe(true);
      expect(table.claim(first!.token, T0 + 3, "run-2")?.key).toBe("fine");
      expect(table.complete("run-2", '"ok"', undefined, T0 + 4)).toBe(true);
      table.expire(T0 + 60_000 + 4);
      expect(table.nextDueAt()).toBeNull();
    }));
});

describe("list and keys", () => {
  function finished(table: Trusted<TaskTable>, key: string, valueJson: string, at: number) {
    table.put({ key, valueJson, ttlMs: 60_000 }, at);
  }

  it("pages a session's tasks oldest first, by count and by bytes, with or without values", () =>
    withTable((table) => {
      const big = JSON.stringify("x".repeat(900 * 1024));
      for (let i = 0; i < 10; i++) finished(table, `big-${i}`, big, T0 + i);
      const first = table.list(T0 + 20, { limit: 100, values: true });
      // About 4 MiB a page: four values of 900 KiB, then the next page.
      expect(first.tasks.map((t) => t.key)).toEqual(["big-0", "big-1", "big-2", "big-3"]);
      const second = table.list(T0 + 20, { limit: 100, values: true, after: String(first.next) });
      expect(second.tasks[0]!.key).toBe("big-4");
      const light = table.list(T0 + 20, { limit: 3, values: false });
      expect(light.tasks.map((t) => [t.key, t.value])).toEqual([
        ["big-0", undefined],
        ["big-1", undefined],
        ["big-2", undefined],
      ]);
      const rest = table.list(T0 + 20, { limit: 100, values: false, after: String(light.next) });
      expect(rest.tasks).toHaveLength(7);
      expect(rest.next).toBeNull();
    }));

  it("scans keys and statuses by prefix and status, every key with the prefix and no other", () =>
    withTable((table) => {
      for (const key of ["pending_review:a.py", "pending_review:b.ts", "pending_reviewer", "pending_revieu", "other"]) {
        finished(table, key, '"v"', T0);
      }
      table.add(request("pending_review:c.py"), T0);
      table.add(request("pending_review:\u{10FFFF}"), T0);
      expect(table.keys(T0, { prefix: "pending_review:" }, 100)).toEqual([
        { key: "pending_review:a.py", task: "(put)", status: "COMPLETED" },
        { key: "pending_review:b.ts", task: "(put)", status: "COMPLETED" },
        { key: "pending_review:c.py", task: "double", status: "PENDING" },
        { key: "pending_review:\u{10FFFF}", task: "double", status: "PENDING" },
      ]);
      expect(table.keys(T0, { prefix: "pending_review:", status: "COMPLETED" }, 1)).toEqual([
        { key: "pending_review:a.py", task: "(put)", status: "COMPLETED" },
      ]);
      // Expired rows are not seen.
      expect(table.keys(T0 + 60_000, { prefix: "pending_review:" }, 100).map((e) => e.key)).toEqual([
        "pending_review:c.py",
        "pending_review:\u{10FFFF}",
      ]);
    }));

  it("caps the newest tasks a live page gets first, leaving large values out", () =>
    withTable((table) => {
      finished(table, "small", '"s"', T0);
      finished(table, "large", JSON.stringify("y".repeat(20_000)), T0 + 1);
      finished(table, "newest", "1", T0 + 2);
      const { tasks, more } = table.newest(T0 + 3, 2, 16 * 1024);
      expect(tasks.map((t) => [t.key, t.value, t.valueOmitted])).toEqual([
        ["newest", 1, undefined],
        ["large", undefined, true],
      ]);
      expect(more).toBe(true);
    }));
});

describe("errors", () => {
  it("are stored capped, whatever a task threw", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const claim = table.claim(outbox.takeUnsent(T0)[0]!.token, T0, "run-1")!;
      table.fail(claim.runId, { error: { name: "E".repeat(1000), message: "m".repeat(1_000_000) }, retryable: false }, T0 + 1);
      const { error } = table.get("a", T0 + 1)!;
      expect(error!.name.length).toBe(LIMITS.errorNameMaxChars);
      expect(error!.message.length).toBe(LIMITS.errorMessageMaxChars);
      expect(error!.message).toMatch(/more characters cut\]$/);
    }));
});

describe("put", () => {
  it("stores a value as a COMPLETED result at once, replacing the key's task, with its ttl", () =>
    withTable((table, changed) => {
      table.add(request("k"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      const stored = table.put({ key: "k", valueJson: '{"file":"a.py"}', ttlMs: 1000, addedBy: { member: "bob" } }, T0 + 1);
      expect(stored).toEqual({
        key: "k",
        task: "(put)",
        status: "COMPLETED",
        value: { file: "a.py" },
        priority: 0,
        createdAt: T0 + 1,
        finishedAt: T0 + 1,
        expiresAt: T0 + 1001,
        attempts: 0,
        addedBy: { member: "bob" },
      });
      expect(changed.at(-1)).toBe("k");
      // The replaced task's message now finds nothing to run.
      expect(table.claim(dispatch!.token, T0 + 2, "run")).toBeNull();
      expect(table.pop("k", T0 + 2)).toEqual({ value: { file: "a.py" } });
      table.put({ key: "short", valueJson: "1", ttlMs: 1000 }, T0);
      expect(table.get("short", T0 + 1000)).toBeNull();
    }));
});

describe("retention", () => {
  it("caps the lifetime of results already finished and of those to come, until lifted", () =>
    withTable((table) => {
      table.add(request("old", { ttlMs: 600_000 }), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      const claim = table.claim(dispatch!.token, T0, "run-1")!;
      table.complete(claim.runId, "1", undefined, T0 + 10);
      table.setRetention(5_000);
      expect(table.get("old", T0)?.expiresAt).toBe(T0 + 10 + 5_000);
      expect(table.nextDueAt()).toBe(T0 + 10 + 5_000);
      table.add(request("new", { ttlMs: 600_000 }), T0 + 20);
      const [next] = outbox.takeUnsent(T0 + 20);
      const second = table.claim(next!.token, T0 + 20, "run-2")!;
      table.complete(second.runId, "2", undefined, T0 + 30);
      expect(table.get("new", T0 + 30)?.expiresAt).toBe(T0 + 30 + 5_000);
      table.setRetention(null);
      table.add(request("later", { ttlMs: 600_000 }), T0 + 40);
      const [last] = outbox.takeUnsent(T0 + 40);
      const third = table.claim(last!.token, T0 + 40, "run-3")!;
      table.complete(third.runId, "3", undefined, T0 + 50);
      expect(table.get("later", T0 + 50)?.expiresAt).toBe(T0 + 50 + 600_000);
    }));
});

describe("the outbox", () => {
  it("sends again after a failed send, and stops once sent", () =>
    withTable((table) => {
      table.add(request("a"), T0);
      const [dispatch] = outbox.takeUnsent(T0);
      outbox.sendFailed([dispatch!.token], T0);
      expect(outbox.takeUnsent(T0 + 4999)).toEqual([]);
      const [again] = outbox.takeUnsent(T0 + 5000);
      expect(again!.token).toBe(dispatch!.token);
      outbox.sent([again!.token], T0 + 5000);
      expect(outbox.takeUnsent(T0 + 10 ** 9)).toEqual([]);
    }));
});

describe("pop, popAll, popErrors, has", () => {
  it("removes only what it returns", () =>
    withTable((table) => {
      for (const key of ["ok-1", "ok-2", "bad", "waiting"]) table.add(request(key), T0);
      const dispatches = outbox.takeUnsent(T0);
      for (const { token } of dispatches.slice(0, 3)) {
        const claim = table.claim(token, T0, `run-${token}`)!;
        if (claim.key === "bad") table.fail(claim.runId, { error: { name: "ValueError", message: "no" }, retryable: true }, T0);
        else table.complete(claim.runId, JSON.stringify(claim.key), undefined, T0);
      }
      expect(table.has(undefined, T0)).toBe(true);
      expect(table.has("bad", T0)).toBe(false);
      expect(table.pop("bad", T0)).toBeNull();
      expect(table.pop("waiting", T0)).toBeNull();
      expect(table.pop("ok-1", T0)).toEqual({ value: "ok-1" });
      expect(table.pop("ok-1", T0)).toBeNull();
      expect(table.popAll(T0)).toEqual({ "ok-2": "ok-2" });
      expect(table.has(undefined, T0)).toBe(false);
      expect(table.popErrors(T0)).toEqual([{ key: "bad", error: { name: "ValueError", message: "no" } }]);
      expect(table.popErrors(T0)).toEqual([]);
      expect(table.list(T0, ALL).tasks.map((result) => [result.key, result.status])).toEqual([["waiting", "PENDING"]]);
    }));

  it("cancels every unfinished task at once, and nothing finished", () =>
    withTable((table, changed) => {
      for (const key of ["done", "running", "pending"]) table.add(request(key), T0);
      const [done, running] = outbox.takeUnsent(T0);
      const claim = table.claim(done!.token, T0, "run-1")!;
      table.complete(claim.runId, "1", undefined, T0);
      table.claim(running!.token, T0, "run-2");
      changed.length = 0;
      expect(table.cancel(undefined, T0 + 1).sort()).toEqual(["pending", "running"]);
      expect(changed.sort()).toEqual(["pending", "running"]);
      expect(table.get("done", T0 + 1)?.status).toBe("COMPLETED");
      expect(table.cancel(undefined, T0 + 2)).toEqual([]);
    }));
});
