// Inside a team, a member's work is theirs (src/tasks/permissions.ts), by whatever route: every
// route that changes a task, asked by the owner (alice), a teammate (bob), an admin (ada) and a
// member of another team (carol). Each case starts from alice's own tasks: one COMPLETED
// ("done"), one held open by a gate ("held"), one FAILED ("failed"), in a session of hers and in
// the team's store; it then checks the answer and what became of alice's tasks.
import { afterAll, describe, expect, it } from "vitest";
import { call, claudeEvent, eventually, newSession, TOKENS } from "./helpers";
import { gate, openAllGates } from "./support/test-tasks";

afterAll(() => openAllGates());

type Who = "owner" | "teammate" | "admin" | "other team";
const TOKEN: Record<Who, string> = { owner: TOKENS.alice, teammate: TOKENS.bob, admin: TOKENS.admin, "other team": TOKENS.carol };

/** Alice's three tasks, in a new session or under new keys of the team's store. */
async function alicesTasks(where: "session" | "team") {
  const tag = newSession(where);
  const session = where === "session" ? tag : undefined;
  const base = session ? `/v1/sessions/${session}/tasks` : "/v1/team/tasks";
  const keys = { done: `done-${tag}`, held: `held-${tag}`, failed: `failed-${tag}` };
  const add = (body: object) => call(base, { method: "POST", body, token: TOKENS.alice });
  expect((await add({ task: "double", args: [21], key: keys.done })).status).toBe(202);
  expect((await add({ task: "risky_task", key: keys.failed })).status).toBe(202);
  for (const key of [keys.done, keys.failed]) await call(`${base}/${key}/wait?timeout=10`);
  // Held open last, and let go by the case (the local queue runs one batch at a time).
  const held = gate(keys.held);
  expect((await add({ task: "test_gated", args: [keys.held], key: keys.held })).status).toBe(202);
  // Each case starts from settled states: the held task running, not about to be claimed.
  await eventually(
    () => call(`${base}/${keys.held}`, { token: TOKENS.alice }),
    (task) => task.body.status === "RUNNING",
  );
  return { base, session, keys, release: () => held.open() };
}

type Setup = Awaited<ReturnType<typeof alicesTasks>>;

/** Alice's tasks as they are now: status by key (absent: gone), with who added each. */
async function stateOf({ base, keys }: Setup) {
  const states: Record<string, string> = {};
  for (const key of Object.values(keys)) {
    const task = await call(`${base}/${key}`, { token: TOKENS.alice });
    states[key] = task.status === 404 ? "gone" : `${task.body.status} by ${task.body.addedBy?.member}`;
  }
  return states;
}

interface Route {
  name: string;
  where: "session" | "team";
  /** The request, made as `token`. */
  send(setup: Setup, token: string): Promise<{ status: number; body: any }>;
  /** Whether this actor may (other team: never reaches alice's tasks). */
  may: Record<Exclude<Who, "other team">, boolean>;
}

const ownerOrAdmin = { owner: true, teammate: false, admin: true };
const everyone = { owner: true, teammate: true, admin: true };

const ROUTES: Route[] = [
  // A session: its owner's, or an admin's, to change.
  // In a session, everything is its owner's (or an admin's); in the team's store, a task is its
  // adder's (alice's here), but adding a free key and re-running a failure are everyone's.
  ...(["session", "team"] as const).flatMap((where): Route[] => {
    const adderOrAdmin = ownerOrAdmin;
    return [
      {
        name: "add over a COMPLETED key (replace)",
        where,
        send: ({ base, keys }, token) => call(base, { method: "POST", token, body: { task: "double", args: [1], key: keys.done } }),
        may: adderOrAdmin,
      },
      {
        name: "add a new key",
        where,
        send: ({ base, keys }, token) =>
          call(base, { method: "POST", token, body: { task: "double", args: [1], key: `${keys.done}-new` } }),
        may: where === "session" ? ownerOrAdmin : everyone,
      },
      {
        name: "pop",
        where,
        send: ({ base, keys }, token) => call(`${base}/${keys.done}/pop`, { method: "POST", token }),
        may: adderOrAdmin,
      },
      {
        name: "cancel",
        where,
        send: ({ base, keys }, token) => call(`${base}/${keys.held}`, { method: "DELETE", token }),
        may: adderOrAdmin,
      },
      {
        name: "retry a FAILED task",
        where,
        send: ({ base, keys }, token) => call(`${base}/${keys.failed}/retry`, { method: "POST", token }),
        may: where === "session" ? ownerOrAdmin : everyone,
      },
      {
        name: "delete a result",
        where,
        send: ({ base, keys }, token) => call(`${base}/${keys.done}/result`, { method: "DELETE", token }),
        may: adderOrAdmin,
      },
    ];
  }),
];

const ACTORS: Who[] = ["owner", "teammate", "admin", "other team"];

describe("every route that changes a task, by who asks", () => {
  const cases = ROUTES.flatMap((route) => ACTORS.map((who) => ({ route, who, label: `${route.where}: ${route.name}, by the ${who}` })));

  it.each(cases)("$label", async ({ route, who }) => {
    const setup = await alicesTasks(route.where);
    const before = await stateOf(setup);
    const answer = await route.send(setup, TOKEN[who]);
    const after = await stateOf(setup);
    setup.release();
    if (who === "other team") {
      // Another team's request reaches its own stores: alice's tasks are as they were.
      expect(answer.status).not.toBe(500);
      expect(after).toEqual(before);
    } else if (route.may[who]) {
      expect(answer.status, JSON.stringify(answer.body)).toBeLessThan(300);
    } else {
      expect(answer.status).toBe(403);
      expect(answer.body.error.code).toBe("forbidden");
      expect(answer.body.error.message).toMatch(/alice/);
      expect(after).toEqual(before);
    }
  });
});

describe("bulk changes and hooks", () => {
  it("cancels all of a session's tasks for its owner or an admin only", async () => {
    for (const who of ["teammate", "other team", "admin"] as const) {
      const setup = await alicesTasks("session");
      const answer = await call(setup.base, { method: "DELETE", token: TOKEN[who] });
      const held = await call(`${setup.base}/${setup.keys.held}`);
      setup.release();
      if (who === "admin") expect([answer.body, held.body.status]).toEqual([{ cancelled: 1 }, "CANCELLED"]);
      else expect(held.body.status).not.toBe("CANCELLED");
      if (who === "teammate") expect(answer.status).toBe(403);
    }
  });

  it("cancels, in the team's store, only the caller's own tasks (an admin's: all)", async () => {
    const setup = await alicesTasks("team");
    const bobsKey = `bobs-${setup.keys.held}`;
    const bobs = gate(bobsKey);
    await call(setup.base, { method: "POST", token: TOKENS.bob, body: { task: "test_gated", args: [bobsKey], key: bobsKey } });
    const bulk = await call(setup.base, { method: "DELETE", token: TOKENS.bob });
    setup.release();
    bobs.open();
    expect(bulk.body).toEqual({ cancelled: 1 });
    expect((await call(`${setup.base}/${bobsKey}`)).body.status).toBe("CANCELLED");
    expect((await call(`${setup.base}/${setup.keys.held}`)).body.status).not.toBe("CANCELLED");
  });

  it("answers a hook of a teammate's session 403, and runs no handler in it", async () => {
    const session = newSession("hook-owner");
    const event = (text: string) => claudeEvent(session, "UserPromptSubmit", { prompt: text });
    expect((await call("/v1/hooks", { method: "POST", body: event("mine") })).status).toBe(200);
    const teammate = await call("/v1/hooks", { method: "POST", token: TOKENS.bob, body: event("theirs") });
    expect(teammate.status).toBe(403);
    expect(teammate.body.error.message).toMatch(/alice/);
    expect((await call("/v1/hooks", { method: "POST", token: TOKENS.admin, body: event("admin") })).status).toBe(200);
  });

  it("deletes a session and changes settings for an admin only", async () => {
    const { session, release } = await alicesTasks("session");
    release();
    expect((await call(`/v1/sessions/${session}`, { method: "DELETE", token: TOKENS.alice })).status).toBe(403);
    expect((await call("/v1/team/settings", { method: "PUT", token: TOKENS.bob, body: { retentionSeconds: 60 } })).status).toBe(403);
    expect((await call(`/v1/sessions/${session}`, { method: "DELETE", token: TOKENS.admin })).status).toBe(200);
  });
});
