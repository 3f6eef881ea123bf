// The queue handler itself, fed hand-made batches: per-message acks, stale and foreign
// messages, and the dead-letter queue.
import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from "cloudflare:test";
import { afterEach, expect, it, vi } from "vitest";
import worker from "./support/worker";
import { migrate, SESSION_STORE_SCHEMA } from "../../src/store/schema";
import { sessionStore, sessionStoreName } from "../../src/store/names";
import type { TaskMessage } from "../../src/store/outbox";
import { newSession } from "./helpers";

const TEAM = "team-queue";

afterEach(() => {
  vi.restoreAllMocks();
});

/** A PENDING row put straight into a session's table, with no message sent for it. */
async function pendingRow(
  session: string,
  key: string,
  token: string,
  task = { name: "double", args: "[7]", maxAttempts: 1 },
): Promise<void> {
  const store = sessionStore(env.SESSION_STORE, { team: TEAM, session });
  await runInDurableObject(store, (_instance, state) => {
    migrate(state.storage.sql, SESSION_STORE_SCHEMA);
    const now = Date.now();
    state.storage.sql.exec(
      `INSERT INTO tasks (key, task, args, status, priority, ttl_ms, timeout_ms, max_attempts, created_at, ready_at, token, sent, due_at)
       VALUES (?, ?, ?, 'PENDING', 0, 60000, 10000, ?, ?, ?, ?, 1, ?)`,
      key,
      task.name,
      task.args,
      task.maxAttempts,
      now,
      now,
      token,
      now + 3_600_000,
    );
  });
}

async function consume(queue: string, messages: { id: string; body: unknown }[], withEnv: Env = env) {
  const batch = createMessageBatch<TaskMessage>(
    queue,
    messages.map(({ id, body }) => ({ id, body: body as TaskMessage, timestamp: new Date(), attempts: 1 })),
  );
  const ctx = createExecutionContext();
  await worker.queue(batch, withEnv);
  return getQueueResult(batch, ctx);
}

/** The env with one session's store out of reach: every call to it fails as a lost connection does. */
function unreachableStore(session: string): Env {
  const namespace = env.SESSION_STORE;
  const lost = namespace.idFromName(sessionStoreName({ team: TEAM, session }));
  const failing = new Proxy({}, { get: () => () => Promise.reject(new Error("Network connection lost.")) });
  const partial = {
    idFromName: (name: string) => namespace.idFromName(name),
    get: (id: DurableObjectId) => (id.equals(lost) ? failing : namespace.get(id)),
  };
  return { ...env, SESSION_STORE: partial } as unknown as Env;
}

// What the consumer logs of a foreign message or a store out of reach is expected: captured, asserted.
afterEach(() => {
  vi.restoreAllMocks();
});

function get(session: string, key: string) {
  return sessionStore(env.SESSION_STORE, { team: TEAM, session }).get(key);
}

it("runs the task a message claims and acks that message alone", async () => {
  const session = newSession();
  await pendingRow(session, "a", "token-a");
  const result = await consume("fasthooks-tasks", [
    { id: "m1", body: { team: TEAM, session, token: "token-a" } },
    { id: "m2", body: { team: TEAM, session, token: "token-stale" } },
  ]);
  expect(result.explicitAcks.sort()).toEqual(["m1", "m2"]);
  expect(result.retryMessages).toEqual([]);
  expect(result.retryBatch.retry).toBe(false);
  expect(await get(session, "a")).toMatchObject({ status: "COMPLETED", value: 14, attempts: 1 });
});

it("does nothing for a redelivered message whose task already ran", async () => {
  const session = newSession();
  await pendingRow(session, "a", "token-a");
  const message = { id: "m1", body: { team: TEAM, session, token: "token-a" } };
  await consume("fasthooks-tasks", [message]);
  const first = await get(session, "a");
  const again = await consume("fasthooks-tasks", [message]);
  expect(again.explicitAcks).toEqual(["m1"]);
  expect(await get(session, "a")).toEqual(first);
});

it("acks and drops a message that is not one of ours", async () => {
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const result = await consume("fasthooks-tasks", [{ id: "junk", body: { hello: "world" } }]);
  expect(result.explicitAcks).toEqual(["junk"]);
  expect(result.retryMessages).toEqual([]);
  expect(errors).toHaveBeenCalledExactlyOnceWith("fasthooks: dropping a queue message that is not {team, session, token}:", {
    hello: "world",
  });
});

it("fails the task of a dead-lettered message, so it does not stay PENDING", async () => {
  const session = newSession();
  await pendingRow(session, "a", "token-dead");
  const result = await consume("fasthooks-tasks-dlq", [{ id: "d1", body: { team: TEAM, session, token: "token-dead" } }]);
  expect(result.explicitAcks).toEqual(["d1"]);
  expect(await get(session, "a")).toMatchObject({
    status: "FAILED",
    attempts: 0,
    error: { name: "DeliveryFailed" },
  });
});

it("fails a task whose name this Worker does not know, without retrying, and logs it", async () => {
  const session = newSession();
  await pendingRow(session, "a", "token-a", { name: "renamed_since", args: "[]", maxAttempts: 3 });
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  await consume("fasthooks-tasks", [{ id: "m1", body: { team: TEAM, session, token: "token-a" } }]);
  expect(await get(session, "a")).toMatchObject({
    status: "FAILED",
    attempts: 1,
    error: { name: "UnknownTask", message: 'No task named "renamed_since" is registered in this Worker' },
  });
  expect(log.mock.calls).toEqual([
    [
      `fasthooks: task renamed_since failed, key "a" in session ${session} of team ${TEAM} (attempt 1 of 3): UnknownTask: No task named "renamed_since" is registered in this Worker`,
    ],
  ]);
});

it("logs a task's failure in one line once it fails for good, not while it will be retried", async () => {
  const session = newSession();
  await pendingRow(session, "last", "token-last", { name: "risky_task", args: "[]", maxAttempts: 1 });
  await pendingRow(session, "again", "token-again", { name: "risky_task", args: "[]", maxAttempts: 2 });
  const log = vi.spyOn(console, "error").mockImplementation(() => {});
  await consume("fasthooks-tasks", [
    { id: "m1", body: { team: TEAM, session, token: "token-last" } },
    { id: "m2", body: { team: TEAM, session, token: "token-again" } },
  ]);
  expect(await get(session, "last")).toMatchObject({ status: "FAILED", error: { message: "Something went wrong" } });
  expect(await get(session, "again")).toMatchObject({ status: "PENDING", attempts: 1 });
  expect(log.mock.calls).toEqual([
    [`fasthooks: task risky_task failed, key "last" in session ${session} of team ${TEAM} (attempt 1 of 1): Error: Something went wrong`],
  ]);
});

it("retries only the message whose session store failed, not the batch", async () => {
  const healthy = newSession();
  const broken = newSession();
  await pendingRow(healthy, "a", "token-ok");
  await pendingRow(broken, "a", "token-broken");
  const errors = vi.spyOn(console, "error").mockImplementation(() => {});
  const result = await consume(
    "fasthooks-tasks",
    [
      { id: "ok", body: { team: TEAM, session: healthy, token: "token-ok" } },
      { id: "bad", body: { team: TEAM, session: broken, token: "token-broken" } },
    ],
    unreachableStore(broken),
  );
  expect(errors).toHaveBeenCalledExactlyOnceWith(
    `fasthooks: task message for session ${broken} will be retried:`,
    expect.objectContaining({ message: "Network connection lost." }),
  );
  expect(result.explicitAcks).toEqual(["ok"]);
  expect(result.retryMessages.map((retry) => retry.msgId)).toEqual(["bad"]);
  expect(result.retryBatch.retry).toBe(false);
  expect(await get(healthy, "a")).toMatchObject({ status: "COMPLETED" });
});
