// Property-based: random sequences of what hooks, consumers, the alarm and time do to one
// session's tasks, checked after every step against a small model of the semantics.
import { env, runInDurableObject } from "cloudflare:test";
import fc from "fast-check";
import { expect, it } from "vitest";
import { LEASE_GRACE_MS, retryDelayMs, type TaskTable as Table, TaskTable } from "../../src/store/task-table";
import type { TaskStatus } from "../../src/tasks/result";

const KEYS = ["a", "b", "c"] as const;
const TIMEOUT_MS = 1_000;
const TTL_MS = 3_000;

type Op =
  | { kind: "add"; key: string; priority: number; maxAttempts: number; keepCompleted: boolean }
  | { kind: "deliver"; token: number }
  | { kind: "complete"; run: number }
  | { kind: "fail"; run: number; retryable: boolean }
  | { kind: "cancel"; key: string | undefined }
  | { kind: "pop"; key: string }
  | { kind: "popAll" }
  | { kind: "popErrors" }
  | { kind: "tick"; ms: number }
  | { kind: "alarm" };

const key = fc.constantFrom(...KEYS);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("add" as const), key, priority: fc.integer({ min: 0, max: 2 }), maxAttempts: fc.integer({ min: 1, max: 2 }), keepCompleted: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("deliver" as const), token: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("complete" as const), run: fc.nat(10) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("fail" as const), run: fc.nat(10), retryable: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cancel" as const), key: fc.option(key, { nil: undefined }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("pop" as const), key }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("popAll" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("popErrors" as const) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("alarm" as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("tick" as const), ms: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.constantFrom(TTL_MS, TIMEOUT_MS + LEASE_GRACE_MS)) }) },
);

interface ModelTask {
  status: TaskStatus;
  priority: number;
  seq: number;
  maxAttempts: number;
  attempts: number;
  readyAt: number;
  runId: string | null;
  value?: unknown;
  errorName?: string;
  expiresAt: number | null;
}

class Model {
  tasks = new Map<string, ModelTask>();
  seq = 0;

  live(now: number): Map<string, ModelTask> {
    for (const [k, t] of this.tasks) if (t.expiresAt !== null && t.expiresAt <= now) this.tasks.delete(k);
    return this.tasks;
  }

  finish(t: ModelTask, status: TaskStatus, now: number) {
    t.status = status;
    t.runId = null;
    t.expiresAt = now + TTL_MS;
  }

  failRun(t: ModelTask, errorName: string, retryable: boolean, now: number) {
    t.errorName = errorName;
    if (retryable && t.attempts < t.maxAttempts) {
      t.status = "PENDING";
      t.runId = null;
      t.readyAt = now + retryDelayMs(t.attempts);
    } else {
      this.finish(t, "FAILED", now);
    }
  }
}

let objects = 0;

it("keeps the store's task states equal to the model's, whatever happens in whatever order", async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 40 }), async (ops) => {
      const stub = env.SESSION_STORE.get(env.SESSION_STORE.idFromName(`model-${objects++}`));
      await runInDurableObject(stub, (_instance, state) => {
        const table = new TaskTable(state.storage, () => {});
        const model = new Model();
        const tokens: string[] = [];
        const runs: { key: string; runId: string }[] = [];
        let now = 1_000_000;

        const collectTokens = () => {
          for (const dispatch of table.takeUnsent(now)) tokens.push(dispatch.token);
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
                  task: "t",
                  argsJson: "[]",
                  ttlMs: TTL_MS,
                  priority: step.priority,
                  timeoutMs: TIMEOUT_MS,
                  maxAttempts: step.maxAttempts,
                  keepCompleted: step.keepCompleted,
                },
                now,
              );
              const expectAdded = !(existing && kept.includes(existing.status));
              expect(added).toBe(expectAdded);
              if (expectAdded) {
                live.set(step.key, {
                  status: "PENDING",
                  priority: step.priority,
                  seq: model.seq++,
                  maxAttempts: step.maxAttempts,
                  attempts: 0,
                  readyAt: now,
                  runId: null,
                  expiresAt: null,
                });
              }
              break;
            }
            case "deliver": {
              // Indexes wrap around what exists, so most steps act on something.
              const token = tokens[step.token % Math.max(tokens.length, 1)];
              if (token === undefined) break;
              const owner = state.storage.sql
                .exec<{ key: string }>("SELECT key FROM tasks WHERE token = ? AND status = 'PENDING'", token)
                .toArray()[0]?.key;
              const runId = `run-${runs.length}`;
              const claim = table.claim(token, now, runId);
              if (owner === undefined) {
                expect(claim).toBeNull();
                break;
              }
              const candidates = [...live.entries()].filter(
                ([k, t]) => t.status === "PENDING" && (t.readyAt <= now || k === owner),
              );
              candidates.sort(([, x], [, y]) => y.priority - x.priority || x.seq - y.seq);
              const [bestKey, best] = candidates[0]!;
              expect(claim?.key).toBe(bestKey);
              best.status = "RUNNING";
              best.attempts++;
              best.runId = runId;
              best.readyAt = now + TIMEOUT_MS + LEASE_GRACE_MS; // the lease, in the model
              runs.push({ key: bestKey, runId });
              break;
            }
            case "complete": {
              const run = runs[step.run % Math.max(runs.length, 1)];
              if (!run) break;
              const t = live.get(run.key);
              const owns = t?.status === "RUNNING" && t.runId === run.runId;
              expect(table.complete(run.key, run.runId, JSON.stringify(run.runId), undefined, now)).toBe(owns);
              if (owns) {
                t.value = run.runId;
                model.finish(t, "COMPLETED", now);
              }
              break;
            }
            case "fail": {
              const run = runs[step.run % Math.max(runs.length, 1)];
              if (!run) break;
              const t = live.get(run.key);
              const owns = t?.status === "RUNNING" && t.runId === run.runId;
              const failure = { error: { name: "Boom", message: "x" }, retryable: step.retryable };
              expect(table.fail(run.key, run.runId, failure, now)).toBe(owns);
              if (owns) model.failRun(t, "Boom", step.retryable, now);
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
              expect(table.popErrors(now).map((e) => e.key).sort()).toEqual(expected.sort());
              for (const k of expected) live.delete(k);
              break;
            }
            case "tick": {
              // Time passes; the alarm may or may not have run yet: reads must not care.
              now += step.ms;
              break;
            }
            case "alarm": {
              table.expire(now);
              for (const t of live.values()) {
                if (t.status === "RUNNING" && t.readyAt <= now) model.failRun(t, "LeaseExpired", true, now);
              }
              break;
            }
          }
          collectTokens();
          checkAgainstModel(table, model, now, state.storage.sql);
        }
      });
    }),
    { numRuns: 200 },
  );
}, 120_000);

function checkAgainstModel(table: Table, model: Model, now: number, sql: SqlStorage): void {
  const live = model.live(now);
  for (const k of KEYS) {
    const actual = table.get(k, now);
    const expected = live.get(k);
    if (!expected) {
      expect(actual, `key ${k}`).toBeNull();
      continue;
    }
    expect(actual, `key ${k}`).not.toBeNull();
    expect({ key: k, status: actual!.status, attempts: actual!.attempts, expiresAt: actual!.expiresAt }).toEqual({
      key: k,
      status: expected.status,
      attempts: expected.attempts,
      expiresAt: expected.expiresAt,
    });
    if (expected.status === "COMPLETED") expect(actual!.value).toEqual(expected.value);
    if (expected.status === "FAILED") expect(actual!.error?.name).toBe(expected.errorName);
  }
  // Every PENDING task owns one token (one message on its way); no other row holds one.
  const tokenRows = sql.exec<{ status: string; token: string | null }>("SELECT status, token FROM tasks").toArray();
  for (const row of tokenRows) expect(row.token !== null).toBe(row.status === "PENDING");
  const pendingTokens = tokenRows.filter((row) => row.token !== null).map((row) => row.token);
  expect(new Set(pendingTokens).size).toBe(pendingTokens.length);
}
