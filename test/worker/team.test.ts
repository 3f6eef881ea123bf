// Team sharing: the team-wide store, the index of sessions, live events, retention and the
// admin's session delete.
import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { double } from "./support/test-tasks";
import { sessionStore } from "../../src/store/names";
import { durableBackend } from "../../src/store/durable-backend";
import { TEAM_SCOPE } from "../../src/tasks/tasks";
import { Tasks } from "../../src/tasks/tasks";
import { call, eventually, newSession, subscribe, TOKENS } from "./helpers";

function teamTasks(team: string, member: string) {
  return new Tasks(durableBackend(env.SESSION_STORE, team), { sessionId: TEAM_SCOPE, origin: { member } });
}

const asAuth = (token: string) => ({ authorization: `Bearer ${token}` });

describe("the team scope", () => {
  it("computes a result once on one member's behalf and hands it to another, never to another team", async () => {
    const key = `review:${newSession()}`;
    const alice = teamTasks("team-a", "alice");
    const first = await alice.getOrAdd(double, [21], { key });
    expect(first.added).toBe(true);
    await alice.wait(key, { timeout: 10 });
    const bob = teamTasks("team-a", "bob");
    const second = await bob.getOrAdd(double, [21], { key });
    expect(second).toMatchObject({ added: false, result: { status: "COMPLETED", value: 42, addedBy: { member: "alice" } } });
    expect(await teamTasks("team-b", "carol").get(key)).toBeNull();
    // The same over REST.
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}`, { token: TOKENS.bob })).body).toMatchObject({
      value: 42,
      addedBy: { member: "alice" },
    });
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}`, { token: TOKENS.carol })).status).toBe(404);
  });

  it("records who added a task over REST", async () => {
    const session = newSession();
    const added = await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "double", args: [1] }, token: TOKENS.bob });
    expect(added.body.addedBy).toEqual({ member: "bob" });
  });
});

describe("the team index", () => {
  it("lists the team's sessions with their members, last activity and task counts", async () => {
    const s1 = newSession("idx");
    const s2 = newSession("idx");
    await call(`/v1/sessions/${s1}/tasks`, { method: "POST", body: { task: "double", args: [1] }, token: TOKENS.alice });
    await call(`/v1/sessions/${s1}/tasks`, { method: "POST", body: { task: "risky_task" }, token: TOKENS.bob });
    await call(`/v1/sessions/${s2}/tasks`, { method: "POST", body: { task: "double", args: [2] }, token: TOKENS.bob });
    const listing = await eventually(
      () => call("/v1/sessions", { token: TOKENS.bob }),
      ({ body }) => {
        const one = body.sessions.find((s: { session: string }) => s.session === s1);
        return one?.counts.COMPLETED === 1 && one?.counts.FAILED === 1 && one.members.length === 2;
      },
    );
    const one = listing.body.sessions.find((s: { session: string }) => s.session === s1);
    expect(one).toMatchObject({ members: ["alice", "bob"], counts: { COMPLETED: 1, FAILED: 1 } });
    expect(one.lastSeenAt).toBeGreaterThanOrEqual(one.createdAt);
    expect(listing.body.sessions.map((s: { session: string }) => s.session)).toContain(s2);
    // Another team sees none of them.
    const carol = await call("/v1/sessions", { token: TOKENS.carol });
    expect(carol.body.sessions.map((s: { session: string }) => s.session)).not.toContain(s1);
  });
});

describe("live events", () => {
  it("streams a session's task changes, PENDING to COMPLETED, without polling", async () => {
    const session = newSession("live");
    const live = await subscribe(`/v1/sessions/${session}/events`, asAuth(TOKENS.alice));
    expect(live.frames[0] ?? (await live.next((f) => f.type === "snapshot"))).toEqual({ type: "snapshot", tasks: [] });
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "double", args: [8] } });
    const done = await live.next((f) => f.type === "task" && f.task.status === "COMPLETED");
    expect(done.task).toMatchObject({ key: "double", value: 16 });
    const statuses = live.frames.filter((f) => f.type === "task").map((f) => f.task.status);
    expect(statuses[0]).toBe("PENDING");
    await call(`/v1/sessions/${session}/tasks/double/pop`, { method: "POST" });
    expect(await live.next((f) => f.type === "removed")).toEqual({ type: "removed", key: "double" });
    live.close();
  });

  it("lets a browser sign in with its token in the WebSocket subprotocols", async () => {
    const session = newSession("live");
    const encoded = btoa(TOKENS.alice).replaceAll("+", "-").replaceAll("/", "_").replaceAll("=", "");
    const live = await subscribe(`/v1/sessions/${session}/events`, {
      "Sec-WebSocket-Protocol": `fasthooks, bearer.${encoded}`,
    });
    expect(live.protocol).toBe("fasthooks");
    await live.next((f) => f.type === "snapshot");
    live.close();
    const refused = await call(`/v1/sessions/${session}/events`, {
      token: null,
      headers: { Upgrade: "websocket", "Sec-WebSocket-Protocol": "fasthooks, bearer.d3Jvbmc" },
    });
    expect(refused.status).toBe(401);
  });

  it("streams the team index as sessions change", async () => {
    const live = await subscribe("/v1/sessions/events", asAuth(TOKENS.bob));
    await live.next((f) => f.type === "snapshot");
    const session = newSession("live-index");
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "double", args: [1] } });
    // The activity (members) and the task counts arrive as updates, gathered a second at a time.
    const summaryIn = (f: any) => f.type === "sessions" && f.sessions.find((s: { session: string }) => s.session === session);
    const counted = summaryIn(await live.next((f) => summaryIn(f)?.counts?.COMPLETED));
    expect(counted).toMatchObject({ members: ["alice"], counts: { COMPLETED: 1 } });
    // Deleted: it leaves every open page.
    await call(`/v1/sessions/${session}`, { method: "DELETE", token: TOKENS.admin });
    expect(await live.next((f) => f.type === "sessions" && f.removed.includes(session))).toMatchObject({ sessions: [] });
    live.close();
  });
});

describe("retention and deletion (admins only)", () => {
  it("caps how long the team's finished results live, each store applying it when it next works", async () => {
    const session = newSession("ret");
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "double", args: [1], ttl: 3600 } });
    const done = (await call(`/v1/sessions/${session}/tasks/double/wait?timeout=10`)).body;
    expect(done.expiresAt).toBe(done.finishedAt + 3_600_000);
    expect((await call("/v1/team/settings", { method: "PUT", body: { retentionSeconds: 60 } })).status).toBe(403);
    const set = await call("/v1/team/settings", { method: "PUT", body: { retentionSeconds: 60 }, token: TOKENS.admin });
    expect(set).toEqual({ status: 200, body: { retentionSeconds: 60 } });
    // No store was called: each asks for the settings when its last look is a minute old, as
    // a new instance of it (after an eviction, here) does at once.
    await evictDurableObject(sessionStore(env.SESSION_STORE, { team: "team-a", session }));
    const capped = await eventually(
      () => call(`/v1/sessions/${session}/tasks/double`),
      ({ body }) => body.expiresAt !== done.expiresAt,
    );
    expect(capped.body.expiresAt).toBe(done.finishedAt + 60_000);
    // A session created after the change starts with it.
    const later = newSession("ret");
    await call(`/v1/sessions/${later}/tasks`, { method: "POST", body: { task: "double", args: [2], ttl: 3600 } });
    const laterDone = await eventually(
      () => call(`/v1/sessions/${later}/tasks/double`),
      ({ body }) => body.status === "COMPLETED" && body.expiresAt === body.finishedAt + 60_000,
    );
    expect(laterDone.body.value).toBe(4);
    expect((await call("/v1/team/settings", { method: "PUT", body: { retentionSeconds: -1 }, token: TOKENS.admin })).status).toBe(400);
    await call("/v1/team/settings", { method: "PUT", body: { retentionSeconds: null }, token: TOKENS.admin });
    expect((await call("/v1/team/settings")).body).toEqual({ retentionSeconds: null });
  });

  it("deletes a whole session for an admin, and refuses anyone else", async () => {
    const session = newSession("del");
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "double", args: [1] } });
    await call(`/v1/sessions/${session}/tasks/double/wait?timeout=10`);
    const refused = await call(`/v1/sessions/${session}`, { method: "DELETE" });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toHaveLength(1);
    const deleted = await call(`/v1/sessions/${session}`, { method: "DELETE", token: TOKENS.admin });
    expect(deleted).toEqual({ status: 200, body: { deleted: session } });
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
    const sessions = (await call("/v1/sessions")).body.sessions.map((s: { session: string }) => s.session);
    expect(sessions).not.toContain(session);
  });
});
