// Property-based: random sequences of what hooks, consumers, the alarm, the queue and time do to
// one session's tasks, checked after every step against a small model of the semantics: claims,
// leases renewed by live runners, messages lost and sent again, retries, expiry, a member's
// retry of a failed or cancelled task and deletion of a finished one.
import { env, runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { expect, it } from "vitest";
import { migrate, SESSION_STORE_SCHEMA } from "../../src/store/schema";
import { Outbox } from "../../src/store/outbox";
import { retryDelayMs, TaskTable } from "../../src/store/task-table";
import { LEASE, LIMITS } from "../../src/tasks/limits";
import type { TaskStatus } from "../../src/tasks/result";
import type { Trusted } from "./support/test-tasks";

const KEYS = ["a", "b", "c"] as const;
const TASKS = ["t", "u"] as const;
const TIMEOUT_MS = 1_000;
const TTL_MS = 3_000;
const PENDING_MAX_MS = LIMITS.pendingMaxSeconds * 1000;
/** After a failed send, the outbox tries again this much later. */
const SEND_BACKOFF_MS = 5_000;

type Op =
  | { kind: "add"; key: string; task: string; priority: number; maxAttempts: number; keepCompleted: boolean }
  | { kind: "put"; key: string }
  | { kind: "deliver"; token: number }
  | { kind: "complete"; run: number }
  | { kind: "fail"; run: number; retryable: boolean }
  | { kind: "renew"; run: number }
  | { kind: "cancel"; key: string | undefined }
  | { kind: "retry"; key: string }
  | { kind: "deleteFinished"; key: string; allowed: boolean }
  | { kind: "pop"; key: string }
  | { kind: "popAll" }
  | { kind: "popErrors" }
  | { kind: "sendFails" }
  | { kind: "tick"; ms: number }
  | { kind: "alarm" };

const key = fc.constantFrom(...KEYS);
const run = fc.nat(10);
const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("add" as const),
      key,
      task: fc.constantFrom(...TASKS),
      priority: fc.integer({ min: 0, max: 2 }),
      maxAttempts: fc.integer({ min: 1, max: 2 }),
      keepCompleted: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("put" as const), key }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("deliver" as const), token: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("complete" as const), run }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fail" as const), run, retryable: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("renew" as const), run }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), key: fc.option(key, { nil: undefined }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("retry" as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteFinished" as const), key, allowed: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pop" as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("popAll" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("popErrors" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("sendFails" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("alarm" as const) }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("tick" as const),
      ms: fc.oneof(
        fc.integer({ min: 0, max: 2_000 }),
        fc.constantFrom(TTL_MS, LEASE.leaseRenewMs, LEASE.leaseMs, LEASE.resendFirstMs, 2 * LEASE.resendMaxMs, PENDING_MAX_MS),
      ),
    }),
  },
);

/** Where a PENDING task's message is: to be sent at `at`, or sent and to be sent again at `resendAt`. */
type Send = { state: "due"; at: number } | { state: "sent"; resendAt: number };

interface ModelTask {
  task: string;
  status: TaskStatus;
  priority: number;
  seq: number;
  maxAttempts: number;
  attempts: number;
  readyAt: number;
  runId: string | null;
  startedAt: number;
  leaseEnd: number;
  /** The PENDING task's message: its token (null until the outbox has given it) and its state. */
  token: string | null;
  send: Send | null;
  value?: unknown;
  errorName?: string;
  expiresAt: number | null;
}

/** The rules, written out independently of the table's code. */
const rules = {
  /** A lease runs `leaseMs` from its claim or last renewal, never past the timeout plus one lease. */
  leaseEnd: (now: number, startedAt: number) => Math.min(now + LEASE.leaseMs, startedAt + TIMEOUT_MS + LEASE.leaseMs),
  /** A sent message is sent again 30 s later, then after as long as the task has waited, up to 5 min, never past the hour. */
  resendAt: (sentAt: number, readyAt: number) => {
    const waited = Math.max(0, sentAt - readyAt);
    const after = Math.min(Math.max(waited, LEASE.resendFirstMs), LEASE.resendMaxMs);
    return Math.min(Math.max(readyAt, sentAt) + after, readyAt + PENDING_MAX_MS);
  },
};

class Model {
  tasks = new Map<string, ModelTask>();
  seq = 0;
  /** Runs that ended COMPLETED or FAILED: what the store tallies for the team's figures. */
  finished = { completed: 0, failed: 0 };

  /** A task newly PENDING at `now` (added, or retried): queued behind the others, its message due. */
  pending({ task, priority, maxAttempts }: Pick<ModelTask, "task" | "priority" | "maxAttempts">, now: number): ModelTask {
    return {
      task,
      priority,
      maxAttempts,
      status: "PENDING",
      seq: this.seq++,
      attempts: 0,
      readyAt: now,
      runId: null,
      startedAt: 0,
      leaseEnd: 0,
      token: null,
      send: { state: "due", at: now },
      expiresAt: null,
    };
  }

  live(now: number): Map<string, ModelTask> {
    for (const [k, t] of this.tasks) if (t.expiresAt !== null && t.expiresAt <= now) this.tasks.delete(k);
    return this.tasks;
  }

  finish(t: ModelTask, status: TaskStatus, now: number) {
    if (status === "COMPLETED") this.finished.completed++;
    if (status === "FAILED") this.finished.failed++;
    t.status = status;
    t.runId = null;
    t.token = null;
    t.send = null;
    t.expiresAt = now + TTL_MS;
  }

  failRun(t: ModelTask, errorName: string, retryable: boolean, now: number) {
    t.errorName = errorName;
    if (retryable && t.attempts < t.maxAttempts) {
      t.status = "PENDING";
      t.runId = null;
      t.readyAt = now + retryDelayMs(t.attempts);
      // A new token, sent at once with the backoff as its delay.
      t.token = null;
      t.send = { state: "due", at: now };
    } else {
      this.finish(t, "FAILED", now);
    }
  }

  running(runId: string): ModelTask | undefined {
    return [...this.tasks.values()].find((t) => t.status === "RUNNING" && t.runId === runId);
  }
}

let objects = 0;
const OWNER = { member: "owner", admin: false };
const TEAMMATE = { member: "teammate", admin: false };

it("keeps the store's task states equal to the model's, whatever happens in whatever order", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
      const stub = env.SESSION_STORE.get(env.SESSION_STORE.idFromName(`model-${objects++}`));
      await runInDurableObject(stub, (_instance, state) => {
        migrate(state.storage.sql, SESSION_STORE_SCHEMA);
        // A session owned by "owner"; a step a teammate makes is refused.
        const table = new TaskTable(state.storage, () => {}) as unknown as Trusted<TaskTable>;
        table.claimOwnership(OWNER);
        const outbox = new Outbox(state.storage.sql);
        const model = new Model();
        const tokens: string[] = [];
        const runs: string[] = [];
        let now = 1_000_000;
        let nextSendFails = false;

        /** The outbox, as the store runs it after every write: what is due goes out, and exactly that. */
        const sendOutbox = () => {
          const dispatches = outbox.takeUnsent(now);
          const expected = [...model.live(now).entries()].filter(
            ([, t]) => t.status === "PENDING" && t.send?.state === "due" && t.send.at <= now,
          );
          const dispatchedKeys = dispatches.map(
            ({ token }) => state.storage.sql.exec<{ key: string }>("SELECT key FROM tasks WHERE token = ?", token).one().key,
          );
          // Sorted copies: dispatchedKeys stays in step with dispatches, index for index.
          expect([...dispatchedKeys].sort()).toEqual(expected.map(([k]) => k).sort());
          for (const [k, t] of expected) {
            const { token } = dispatches[dispatchedKeys.indexOf(k)]!;
            // A message sent again carries the same token: a claim is idempotent.
            if (t.token !== null) expect(token).toBe(t.token);
            t.token = token;
            t.send = nextSendFails
              ? { state: "due", at: now + SEND_BACKOFF_MS }
              : { state: "sent", resendAt: rules.resendAt(now, t.readyAt) };
            tokens.push(token);
          }
          const sent = dispatches.map((dispatch) => dispatch.token);
          if (nextSendFails) outbox.sendFailed(sent, now);
          else outbox.sent(sent, now);
          if (sent.length > 0) nextSendFails = false;
        };

        for (const step of ops) {
          const live = model.live(now);
          switch (step.kind) {
            case "add": {
              const existing = live.get(step.key);
              const kept = ["PENDING", "RUNNING", ...(step.keepCompleted ? ["COMPLETED"] : [])];
              const { added } = table.add(
                {
                  key: step.key,
                  task: step.task,
                  argsJson: "[]",
                  ttlMs: TTL_MS,
                  priority: step.priority,
                  timeoutMs: TIMEOUT_MS,
                  maxAttempts: step.maxAttempts,
                  keepCompleted: step.keepCompleted,
                },
                now,
              );
              // Reused only when the key holds this very task; another task's row is replaced.
              const expectAdded = !(existing && existing.task === step.task && kept.includes(existing.status));
              expect(added).toBe(expectAdded);
              if (expectAdded) {
                live.set(step.key, model.pending(step, now));
              }
              break;
            }
            case "put": {
              table.put({ key: step.key, valueJson: '"put"', ttlMs: TTL_MS }, now);
              live.set(step.key, {
                task: "(put)",
                status: "COMPLETED",
                priority: 0,
                seq: model.seq++,
                maxAttempts: 0,
                attempts: 0,
                readyAt: now,
                runId: null,
                startedAt: 0,
                leaseEnd: 0,
                token: null,
                send: null,
                value: "put",
                expiresAt: now + TTL_MS,
              });
              break;
            }
            case "deliver": {
              // Indexes wrap around what exists, so most steps act on something; stale and duplicate tokens included.
              const token = tokens[step.token % Math.max(tokens.length, 1)];
              if (token === undefined) break;
              const runId = `run-${runs.length}`;
              const claim = table.claim(token, now, runId);
              const ownEntry = [...live.entries()].find(([, t]) => t.status === "PENDING" && t.token === token);
              if (ownEntry === undefined) {
                expect(claim).toBeNull();
                break;
              }
              const [ownKey, own] = ownEntry;
              const candidates = [...live.entries()].filter(([k, t]) => t.status === "PENDING" && (t.readyAt <= now || k === ownKey));
              candidates.sort(([, x], [, y]) => y.priority - x.priority || x.seq - y.seq);
              const [bestKey, best] = candidates[0]!;
              expect(claim?.key).toBe(bestKey);
              if (best !== own) {
                // The two swap messages: the one claimed now belonged to `own`.
                own.token = best.token;
                own.send = best.send;
              }
              Object.assign(best, {
                status: "RUNNING",
                runId,
                startedAt: now,
                leaseEnd: rules.leaseEnd(now, now),
                token: null,
                send: null,
              });
              best.attempts++;
              runs.push(runId);
              break;
            }
            case "complete": {
              const runId = runs[step.run % Math.max(runs.length, 1)];
              if (!runId) break;
              const t = model.running(runId);
              expect(table.complete(runId, JSON.stringify(runId), undefined, now)).toBe(t !== undefined);
              if (t) {
                t.value = runId;
                model.finish(t, "COMPLETED", now);
              }
              break;
            }
            case "fail": {
              const runId = runs[step.run % Math.max(runs.length, 1)];
              if (!runId) break;
              const t = model.running(runId);
              const failure = { error: { name: "Boom", message: "x" }, retryable: step.retryable };
              expect(table.fail(runId, failure, now)).toBe(t !== undefined);
              if (t) model.failRun(t, "Boom", step.retryable, now);
              break;
            }
            case "renew": {
              const runId = runs[step.run % Math.max(runs.length, 1)];
              if (!runId) break;
              const t = model.running(runId);
              expect(table.renew(runId, now)).toBe(t !== undefined);
              if (t) t.leaseEnd = rules.leaseEnd(now, t.startedAt);
              break;
            }
            case "cancel": {
              const expected = [...live.entries()]
                .filter(([k, t]) => (step.key === undefined || k === step.key) && ["PENDING", "RUNNING"].includes(t.status))
                .map(([k]) => k);
              expect(table.cancel(step.key, now).sort()).toEqual(expected.sort());
              for (const k of expected) model.finish(live.get(k)!, "CANCELLED", now);
              break;
            }
            case "retry": {
              const t = live.get(step.key);
              const retried = table.retry(step.key, now);
              if (t?.status === "FAILED" || t?.status === "CANCELLED") {
                // A fresh run of the same task, queued behind the others.
                expect(retried).toMatchObject({ outcome: "retried", result: { status: "PENDING", attempts: 0 } });
                live.set(step.key, model.pending(t, now));
              } else {
                expect(retried.outcome).toBe(t ? "not_retryable" : "not_found");
              }
              break;
            }
            case "deleteFinished": {
              const t = live.get(step.key);
              const deleted = table.deleteFinished(step.key, now, step.allowed ? OWNER : TEAMMATE);
              if (!step.allowed) expect(deleted.outcome).toBe("forbidden");
              else if (!t) expect(deleted.outcome).toBe("not_found");
              else if (t.status === "PENDING" || t.status === "RUNNING") expect(deleted.outcome).toBe("not_finished");
              else {
                expect(deleted.outcome).toBe("deleted");
                live.delete(step.key);
              }
              break;
            }
            case "pop": {
              const t = live.get(step.key);
              const popped = table.pop(step.key, now);
              if (t?.status === "COMPLETED") {
                expect(popped).toEqual({ value: t.value });
                live.delete(step.key);
              } else {
                expect(popped).toBeNull();
              }
              break;
            }
            case "popAll": {
              const expected = Object.fromEntries(
                [...live.entries()].filter(([, t]) => t.status === "COMPLETED").map(([k, t]) => [k, t.value]),
              );
              expect(table.popAll(now)).toEqual(expected);
              for (const k of Object.keys(expected)) live.delete(k);
              break;
            }
            case "popErrors": {
              const expected = [...live.entries()].filter(([, t]) => t.status === "FAILED").map(([k]) => k);
              expect(
                table
                  .popErrors(now)
                  .map((e) => e.key)
                  .sort(),
              ).toEqual(expected.sort());
              for (const k of expected) live.delete(k);
              break;
            }
            case "sendFails": {
              nextSendFails = true;
              break;
            }
            case "tick": {
              // Time passes; the alarm may or may not have run yet: reads must not care.
              now += step.ms;
              break;
            }
            case "alarm": {
              table.expire(now);
              const tasks = [...model.live(now).values()];
              // A runner that stopped renewing is presumed dead: retried, or failed when its attempts are spent.
              for (const t of tasks) {
                if (t.status === "RUNNING" && t.leaseEnd <= now) model.failRun(t, "LeaseExpired", true, now);
              }
              // A message nobody claimed is sent again, until the task has waited an hour.
              for (const t of tasks) {
                if (t.status !== "PENDING" || t.send?.state !== "sent" || t.send.resendAt > now) continue;
                if (now - t.readyAt >= PENDING_MAX_MS) {
                  t.errorName = "NotStarted";
                  model.finish(t, "FAILED", now);
                } else {
                  t.send = { state: "due", at: now };
                }
              }
              break;
            }
          }
          sendOutbox();
          checkAgainstModel(table, model, now, state.storage.sql);
        }
      });
    }),
    { numRuns: 250 },
  );
}, 180_000);

function checkAgainstModel(table: Trusted<TaskTable>, model: Model, now: number, sql: SqlStorage): void {
  const live = model.live(now);
  for (const k of KEYS) {
    const actual = table.get(k, now);
    const expected = live.get(k);
    if (!expected) {
      expect(actual, `key ${k}`).toBeNull();
      continue;
    }
    expect(actual, `key ${k}`).not.toBeNull();
    expect({ key: k, task: actual!.task, status: actual!.status, attempts: actual!.attempts, expiresAt: actual!.expiresAt }).toEqual({
      key: k,
      task: expected.task,
      status: expected.status,
      attempts: expected.attempts,
      expiresAt: expected.expiresAt,
    });
    if (expected.status === "COMPLETED") expect(actual!.value).toEqual(expected.value);
    if (expected.status === "FAILED") expect(actual!.error?.name).toBe(expected.errorName);
    if (expected.status === "PENDING") {
      expect(sql.exec<{ token: string }>("SELECT token FROM tasks WHERE key = ?", k).one().token).toBe(expected.token);
    }
  }
  // Every PENDING task owns one token (one message on its way); no other row holds one.
  const tokenRows = sql.exec<{ status: string; token: string | null }>("SELECT status, token FROM tasks").toArray();
  for (const row of tokenRows) expect(row.token !== null).toBe(row.status === "PENDING");
  const pendingTokens = tokenRows.filter((row) => row.token !== null).map((row) => row.token);
  expect(new Set(pendingTokens).size).toBe(pendingTokens.length);
  // The alarm is due no later than the earliest thing the model says must happen.
  const due = [...live.values()].flatMap((t) => {
    if (t.status === "RUNNING") return [t.leaseEnd];
    if (t.status === "PENDING" && t.send?.state === "sent") return [t.send.resendAt];
    if (t.status === "PENDING" && t.send?.state === "due") return [t.send.at];
    return t.expiresAt === null ? [] : [t.expiresAt];
  });
  if (due.length > 0) expect(table.nextDueAt()).toBeLessThanOrEqual(Math.min(...due));
  // Every run that ended is tallied once, for the team's figures.
  const tallied = sql
    .exec<{ completed: number; failed: number }>("SELECT total(completed) AS completed, total(failed) AS failed FROM tally")
    .one();
  expect(tallied).toEqual(model.finished);
}
