// The live WebSockets of the team page, and what an empty or deleted store leaves behind.
import { env, runDurableObjectAlarm, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { double } from "./support/test-tasks";
import { sessionStore, teamIndex } from "../../src/store/names";
import { EMPTY_STORE_GRACE_MS } from "../../src/store/session-store";
import { durableBackend } from "../../src/store/durable-backend";
import { Tasks } from "../../src/tasks/tasks";
import { call, eventually, newSession, TOKENS } from "./helpers";

/** A WebSocket to `path`, with the close event it ends with. */
async function open(path: string) {
  const res = await SELF.fetch(`http://fasthooks.test${path}`, {
    headers: { Upgrade: "websocket", authorization: `Bearer ${TOKENS.alice}` },
  });
  const socket = res.webSocket!;
  const frames: any[] = [];
  const closed = new Promise<CloseEvent>((resolve) => socket.addEventListener("close", resolve));
  socket.addEventListener("message", (event) => {
    frames.push(JSON.parse(event.data as string));
  });
  socket.accept();
  await eventually(
    async () => frames.length,
    (n) => n > 0,
  );
  return { socket, frames, closed };
}

const socketsOf = (stub: DurableObjectStub) => runInDurableObject(stub, (_instance, state) => state.getWebSockets().length);

describe("a subscriber that leaves", () => {
  it("is closed cleanly with its own code (no 1006) and no longer counted, on a session and on the index", async () => {
    const session = newSession("ws");
    const stubs = [sessionStore(env.SESSION_STORE, { team: "team-a", session }), teamIndex(env.TEAM_INDEX, "team-a")];
    for (const [path, stub] of [
      [`/v1/sessions/${session}/events`, stubs[0]!],
      ["/v1/sessions/events", stubs[1]!],
    ] as const) {
      const before = await socketsOf(stub);
      const live = await open(path);
      expect(await socketsOf(stub)).toBe(before + 1);
      live.socket.close(4000, "page closed");
      const event = await live.closed;
      expect({ code: event.code, reason: event.reason }).toEqual({ code: 4000, reason: "page closed" });
      expect(await socketsOf(stub)).toBe(before);
    }
  });
});

describe("live frames", () => {
  it("leave a large value out, to be read with a GET", async () => {
    const session = newSession("ws");
    const live = await open(`/v1/sessions/${session}/events`);
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: session });
    await tasks.put("big", "z".repeat(100_000));
    const frame = await eventually(
      async () => live.frames.find((f) => f.type === "task"),
      (f) => f !== undefined,
    );
    expect(frame.task).toMatchObject({ key: "big", status: "COMPLETED", valueOmitted: true });
    expect(frame.task.value).toBeUndefined();
    expect((await call(`/v1/sessions/${session}/tasks/big`)).body.value).toHaveLength(100_000);
    live.socket.close(1000);
  });
});

describe("an empty store", () => {
  it("deletes its storage once empty for a while, and comes back at its next write", async () => {
    const session = newSession("empty");
    const store = sessionStore(env.SESSION_STORE, { team: "team-a", session });
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: session });
    await tasks.add(double, [3]);
    await tasks.wait(double, { timeout: 10 });
    expect(await tasks.pop(double)).toBe(6);
    // Empty: its alarm is set to delete it after the grace period.
    const alarm = await runInDurableObject(store, (_instance, state) => state.storage.getAlarm());
    expect(alarm).toBeGreaterThan(Date.now() + EMPTY_STORE_GRACE_MS - 60_000);
    expect(await runDurableObjectAlarm(store)).toBe(true);
    const left = await runInDurableObject(store, async (_instance, state) => ({
      tables: state.storage.sql.exec("SELECT name FROM sqlite_master").toArray().length,
      alarm: await state.storage.getAlarm(),
    }));
    expect(left).toEqual({ tables: 0, alarm: null });
    // Reads of a deleted store create nothing; a write brings the schema back.
    expect(await tasks.get(double)).toBeNull();
    expect((await tasks.list()).tasks).toEqual([]);
    await tasks.add(double, [4]);
    expect(await tasks.wait(double, { timeout: 10 })).toMatchObject({ status: "COMPLETED", value: 8 });
  });

  it("after an admin deleted the session, re-arms its alarm for the next task", async () => {
    const session = newSession("destroyed");
    const store = sessionStore(env.SESSION_STORE, { team: "team-a", session });
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: session });
    await tasks.put("k", 1, { ttl: 60 });
    expect((await call(`/v1/sessions/${session}`, { method: "DELETE", token: TOKENS.admin })).status).toBe(200);
    const stored = await tasks.put("k", 2, { ttl: 60 });
    expect(await runInDurableObject(store, (_instance, state) => state.storage.getAlarm())).toBe(stored.expiresAt);
  });
});
