// Faults the service must survive with nothing lost: a consumer that dies mid-run, two runs of
// one task finishing, a restarted store, a slow queue send, and a burst of adds racing pops.
import { env, evictDurableObject, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sessionStore } from "../../src/store/names";
import { durableBackend } from "../../src/store/durable-backend";
import { SessionStore } from "../../src/store/session-store";
import { Tasks } from "../../src/tasks/tasks";
import { newSession } from "./helpers";
import { double, gate, gated, openAllGates } from "./support/test-tasks";

afterEach(() => {
  openAllGates();
  vi.restoreAllMocks();
});

const TEAM = "team-faults";
const tasksFor = (session: string) => new Tasks(durableBackend(env.SESSION_STORE, TEAM), { sessionId: session });
const storeFor = (session: string) => sessionStore(env.SESSION_STORE, { team: TEAM, session });

/**
 * Moves a RUNNING task's lease into the past, as if its consumer had died long ago. The alarm
 * is set in the future, so that it runs when the test says (runDurableObjectAlarm), not on its own.
 */
async function expireLease(session: string, key: string): Promise<void> {
  await runInDurableObject(storeFor(session), (_instance, state) => {
    state.storage.sql.exec("UPDATE tasks SET due_at = ? WHERE key = ? AND status = 'RUNNING'", Date.now() - 1, key);
    return state.storage.setAlarm(Date.now() + 60_000);
  });
}

describe("a consumer that dies before recording", () => {
  it("is replaced by a retry that completes the task once, and the dead run's late result is refused", async () => {
    const session = newSession("crash");
    const tasks = tasksFor(session);
    // Every run's attempt to record its value, as the store answers it.
    const completions = vi.spyOn(SessionStore.prototype, "complete");
    // The first run hangs on its gate: to the store, it is a consumer that went silent.
    const firstRun = gate("crash-1");
    await tasks.add(gated, ["crash-1"], { key: "job" });
    await expect.poll(async () => (await tasks.get("job"))?.status).toBe("RUNNING");
    // Make the task retryable, as a task with retries would be.
    await runInDurableObject(storeFor(session), (_instance, state) => {
      state.storage.sql.exec("UPDATE tasks SET max_attempts = 2 WHERE key = 'job'");
    });
    // The lease runs out: the alarm puts the task back on the queue for a second attempt.
    await expireLease(session, "job");
    expect(await runDurableObjectAlarm(storeFor(session))).toBe(true);
    // The second attempt runs the same gated function: let it through this time.
    firstRun.open();
    const done = await tasks.wait("job", { timeout: 10 });
    expect(done).toMatchObject({ status: "COMPLETED", value: "gate crash-1 passed", attempts: 2 });
    // Both runs finished and tried to record: the retry's result was stored, the dead run's refused.
    await expect.poll(() => completions.mock.results.length).toBe(2);
    const recorded = await Promise.all(completions.mock.results.map((result) => result.value as Promise<boolean>));
    expect(recorded.sort()).toEqual([false, true]);
    expect(await tasks.get("job")).toEqual(done);
  });

  it("fails the task with a clear error when its attempts are spent, leaving nothing RUNNING", async () => {
    const session = newSession("crash");
    const tasks = tasksFor(session);
    gate("crash-2");
    await tasks.add(gated, ["crash-2"], { key: "job" });
    await expect.poll(async () => (await tasks.get("job"))?.status).toBe("RUNNING");
    await expireLease(session, "job");
    await runDurableObjectAlarm(storeFor(session));
    const failed = await tasks.get("job");
    expect(failed).toMatchObject({ status: "FAILED", attempts: 1, error: { name: "LeaseExpired" } });
    expect(failed!.error!.message).toMatch(/stopped without recording a result/);
  });
});

describe("a store restarted between add and pop", () => {
  it("loses nothing, pending or finished", async () => {
    const session = newSession("restart");
    const tasks = tasksFor(session);
    const run = gate("restart");
    await tasks.add(gated, ["restart"], { key: "slow" });
    await tasks.add(double, [9], { key: "quick", priority: 5 });
    await evictDurableObject(storeFor(session));
    run.open();
    expect(await tasksFor(session).wait("slow", { timeout: 10 })).toMatchObject({ status: "COMPLETED" });
    expect(await tasksFor(session).wait("quick", { timeout: 10 })).toMatchObject({ status: "COMPLETED" });
    await evictDurableObject(storeFor(session));
    expect(await tasksFor(session).popAll()).toEqual({ slow: "gate restart passed", quick: 18 });
  });
});

describe("a slow queue send", () => {
  it("does not hold the add (a hook waits on it), and a message it lost is sent again by the alarm", async () => {
    const session = newSession("send-slow");
    const tasks = tasksFor(session);
    await tasks.put("first", 1); // the store exists, with its env
    // The queue takes its time, then says it sent what it lost.
    let finishSend: () => void = () => {};
    const slow = await runInDurableObject(storeFor(session), (instance) => {
      const queue = (instance as unknown as { env: Env }).env.TASK_QUEUE;
      return vi
        .spyOn(queue, "sendBatch")
        .mockImplementation(
          () =>
            new Promise<QueueSendBatchResponse>(
              (resolve) =>
                (finishSend = () => resolve({ metadata: { metrics: { backlogCount: 0, backlogBytes: 0 } } } as QueueSendBatchResponse)),
            ),
        );
    });
    // The add answers before its message is on its way (it leaves just after), and never waits for it.
    expect(await tasks.add(double, [21], { key: "job" })).toMatchObject({ added: true, result: { status: "PENDING" } });
    await vi.waitFor(() => expect(slow).toHaveBeenCalledOnce());
    // Marked as being sent, the alarm is armed to look again within the send's 30 s.
    const armed = await runInDurableObject(storeFor(session), (_instance, state) => state.storage.getAlarm());
    expect(armed).not.toBeNull();
    expect(armed!).toBeLessThanOrEqual(Date.now() + 30_000);
    slow.mockRestore();
    // Nobody claims the lost message: once it is due again, the alarm sends it for real.
    await runInDurableObject(storeFor(session), () => finishSend()); // in the store, where the send began
    await expect
      .poll(() =>
        runInDurableObject(
          storeFor(session),
          (_instance, state) => state.storage.sql.exec("SELECT sent FROM tasks WHERE key = 'job'").one().sent,
        ),
      )
      .toBe(1);
    await runInDurableObject(storeFor(session), (_instance, state) => {
      state.storage.sql.exec("UPDATE tasks SET due_at = ? WHERE key = 'job'", Date.now() - 1);
    });
    expect(await runDurableObjectAlarm(storeFor(session))).toBe(true);
    expect(await tasks.wait("job", { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: 42 });
  });
});

describe("a burst of adds while pops happen", () => {
  it("accounts for every task exactly once", async () => {
    const session = newSession("burst");
    const tasks = tasksFor(session);
    const total = 500;
    const popped = new Map<string, unknown>();
    let adding = true;
    const popper = (async () => {
      while (adding || popped.size < total) {
        for (const [key, value] of Object.entries(await tasks.popAll())) {
          expect(popped.has(key)).toBe(false);
          popped.set(key, value);
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    for (let i = 0; i < total; i += 50) {
      await Promise.all(Array.from({ length: 50 }, (_, j) => tasks.add(double, [i + j], { key: `n${i + j}` })));
    }
    adding = false;
    await popper;
    expect(popped.size).toBe(total);
    for (let n = 0; n < total; n++) expect(popped.get(`n${n}`)).toBe(n * 2);
    expect((await tasks.list()).tasks).toEqual([]);
  }, 60_000);
});
