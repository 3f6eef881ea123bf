// The tasks REST API: every route, auth, team isolation, and every kind of bad input
// answered with a 4xx JSON error that leaves the store as it was.
import { afterEach, describe, expect, it } from "vitest";
import { type CallOptions, call, newSession, TOKENS } from "./helpers";
import { gate, openAllGates } from "./support/test-tasks";

afterEach(openAllGates);

const tasksPath = (session: string) => `/v1/sessions/${session}/tasks`;

async function addAndWait(session: string, body: Record<string, unknown>) {
  const added = await call(tasksPath(session), { method: "POST", body });
  expect(added.status).toBe(202);
  const key = encodeURIComponent(added.body.key);
  const waited = await call(`${tasksPath(session)}/${key}/wait?timeout=10`);
  expect(waited.status).toBe(200);
  return waited.body;
}

describe("routes", () => {
  it("adds, lists, gets, pops", async () => {
    const session = newSession();
    const done = await addAndWait(session, { task: "double", args: [4], key: "d", ttl: 60, priority: 3 });
    expect(done).toMatchObject({
      key: "d",
      task: "double",
      status: "COMPLETED",
      value: 8,
      priority: 3,
      attempts: 1,
    });
    expect(done.expiresAt).toBe(done.finishedAt + 60_000);
    expect(done.startedAt).toBeGreaterThanOrEqual(done.createdAt);
    const listed = await call(tasksPath(session));
    expect(listed).toEqual({ status: 200, body: { tasks: [done], next: null } });
    // Read on its own, a task also shows its args.
    expect(await call(`${tasksPath(session)}/d`)).toEqual({ status: 200, body: { ...done, args: [4], argsBytes: 3 } });
    expect(await call(`${tasksPath(session)}/d/pop`, { method: "POST" })).toEqual({ status: 200, body: { value: 8 } });
    expect((await call(`${tasksPath(session)}/d/pop`, { method: "POST" })).body.error.code).toBe("not_ready");
    expect((await call(`${tasksPath(session)}/d`)).status).toBe(404);
  });

  it("defaults the key to the task's name and the args to none", async () => {
    const session = newSession();
    const done = await addAndWait(session, { task: "long_output_task" });
    expect(done.key).toBe("long_output_task");
    // The task's transform kept the first 500 characters.
    expect(done.value).toHaveLength(500);
  });

  it("reports a failing task's error, as the seed's risky_task", async () => {
    const session = newSession();
    const failed = await addAndWait(session, { task: "risky_task" });
    expect(failed).toMatchObject({ status: "FAILED", error: { name: "Error", message: "Something went wrong" } });
  });

  it("answers 200 with the existing task when its key is already pending or running", async () => {
    const session = newSession();
    const run = gate("rest-readd");
    const first = await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["rest-readd"] } });
    expect(first.status).toBe(202);
    const again = await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["other"] } });
    expect(again.status).toBe(200);
    expect(again.body.createdAt).toBe(first.body.createdAt);
    run.open();
  });

  it("waits, and answers 408 with the task's state at the timeout", async () => {
    const session = newSession();
    const run = gate("rest-wait");
    await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["rest-wait"], key: "w" } });
    const timedOut = await call(`${tasksPath(session)}/w/wait?timeout=0.2`);
    expect(timedOut.status).toBe(408);
    expect(timedOut.body.error.code).toBe("timeout");
    expect(["PENDING", "RUNNING"]).toContain(timedOut.body.task.status);
    run.open();
    const done = await call(`${tasksPath(session)}/w/wait?timeout=10`);
    expect(done.body).toMatchObject({ status: "COMPLETED", value: "gate rest-wait passed" });
    expect((await call(`${tasksPath(session)}/nothing/wait?timeout=1`)).status).toBe(404);
  });

  it("cancels one task, refuses to cancel a finished one, and cancels all", async () => {
    const session = newSession();
    const run = gate("rest-cancel");
    await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["rest-cancel"], key: "c1" } });
    await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1], key: "c2" } });
    await call(tasksPath(session), { method: "POST", body: { task: "double", args: [2], key: "c3" } });
    const cancelled = await call(`${tasksPath(session)}/c1`, { method: "DELETE" });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ key: "c1", status: "CANCELLED" });
    const again = await call(`${tasksPath(session)}/c1`, { method: "DELETE" });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("already_finished");
    expect((await call(`${tasksPath(session)}/missing`, { method: "DELETE" })).status).toBe(404);
    const all = await call(tasksPath(session), { method: "DELETE" });
    expect(all.status).toBe(200);
    expect(all.body.cancelled).toBeGreaterThanOrEqual(0);
    const states = (await call(tasksPath(session))).body.tasks.map((task: { status: string }) => task.status);
    expect(states.every((status: string) => ["CANCELLED", "COMPLETED"].includes(status))).toBe(true);
    run.open();
  });

  it("takes keys with unicode, slashes and colons, as the seed's doc:<url> keys", async () => {
    const session = newSession();
    const key = "doc:https://example.com/a?b=ç✓😀";
    await addAndWait(session, { task: "double", args: [1], key });
    const got = await call(`${tasksPath(session)}/${encodeURIComponent(key)}`);
    expect(got.status).toBe(200);
    expect(got.body.key).toBe(key);
  });
});

describe("auth and isolation", () => {
  it("answers health without a token, and nothing else", async () => {
    expect((await call("/v1/health", { token: null })).status).toBe(200);
    const missing = await call(tasksPath("s1"), { token: null });
    expect(missing.status).toBe(401);
    expect(missing.body.error.code).toBe("unauthorized");
    const wrong = await call(tasksPath("s1"), { token: "test-token-team-a-alicf" });
    expect(wrong.status).toBe(401);
    expect((await call(tasksPath("s1"), { token: "bad token with spaces" })).status).toBe(401);
    expect((await call(tasksPath("s1"), { headers: { authorization: "Basic YWxpY2U6eA==" }, token: null })).status).toBe(401);
  });

  it("never lets one team read, pop or cancel another team's tasks", async () => {
    const session = newSession();
    await addAndWait(session, { task: "double", args: [3], key: "done" });
    const run = gate("isolation");
    await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["isolation"], key: "pending" } });
    const asCarol = { token: TOKENS.carol };
    expect((await call(tasksPath(session), asCarol)).body).toEqual({ tasks: [], next: null });
    expect((await call(`${tasksPath(session)}/done`, asCarol)).status).toBe(404);
    expect((await call(`${tasksPath(session)}/done/pop`, { ...asCarol, method: "POST" })).status).toBe(404);
    expect((await call(`${tasksPath(session)}/pending`, { ...asCarol, method: "DELETE" })).status).toBe(404);
    expect((await call(tasksPath(session), { ...asCarol, method: "DELETE" })).body).toEqual({ cancelled: 0 });
    // Alice's tasks are untouched; Bob, of the same team, sees them.
    const asBob = await call(tasksPath(session), { token: TOKENS.bob });
    expect(asBob.body.tasks.map((task: { key: string }) => task.key).sort()).toEqual(["done", "pending"]);
    expect((await call(`${tasksPath(session)}/done/pop`, { method: "POST" })).body).toEqual({ value: 6 });
    run.open();
  });
});

describe("bad input", () => {
  const session = "bad-input-session";
  const longKey = "k".repeat(257);
  const cases: [
    string,
    { path: string; method?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> },
    number,
    string,
  ][] = [
    [
      "malformed JSON",
      { path: tasksPath(session), method: "POST", rawBody: "{task:", headers: { "content-type": "application/json" } },
      400,
      "invalid_json",
    ],
    ["a body that is not an object", { path: tasksPath(session), method: "POST", body: [1, 2] }, 400, "invalid_request"],
    ["no task name", { path: tasksPath(session), method: "POST", body: { args: [1] } }, 400, "invalid_request"],
    ["an unknown task", { path: tasksPath(session), method: "POST", body: { task: "no_such_task" } }, 400, "unknown_task"],
    ["args that are not a list", { path: tasksPath(session), method: "POST", body: { task: "double", args: 5 } }, 400, "invalid_args"],
    [
      'double() with a string, as the seed\'s double("abc")',
      { path: tasksPath(session), method: "POST", body: { task: "double", args: ["abc"] } },
      400,
      "invalid_args",
    ],
    ["double() without its argument", { path: tasksPath(session), method: "POST", body: { task: "double" } }, 400, "invalid_args"],
    [
      "double() with one argument too many",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1, 2] } },
      400,
      "invalid_args",
    ],
    [
      "args nested 60,000 deep",
      {
        path: tasksPath(session),
        method: "POST",
        rawBody: `{"task":"double","args":[${"[".repeat(60_000)}${"]".repeat(60_000)}]}`,
        headers: { "content-type": "application/json" },
      },
      400,
      "args_too_deep",
    ],
    ["an empty key", { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: "" } }, 400, "invalid_key"],
    [
      "an oversized key",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: longKey } },
      400,
      "invalid_key",
    ],
    [
      "a key with control characters",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: "a\u0000b" } },
      400,
      "invalid_key",
    ],
    [
      "a key holding half an emoji (a lone surrogate)",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: "review:😀".slice(0, -1) } },
      400,
      "invalid_key",
    ],
    [
      "the key '.', which no route can reach",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: "." } },
      400,
      "invalid_key",
    ],
    [
      "the key '..', which no route can reach",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], key: ".." } },
      400,
      "invalid_key",
    ],
    [
      "a task name holding a lone surrogate",
      { path: tasksPath(session), method: "POST", body: { task: "double\ud800" } },
      400,
      "invalid_request",
    ],
    ["a negative ttl", { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], ttl: -5 } }, 400, "invalid_request"],
    [
      "an absurd ttl",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], ttl: 10 ** 12 } },
      400,
      "invalid_request",
    ],
    [
      "a fractional ttl",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], ttl: 1.5 } },
      400,
      "invalid_request",
    ],
    [
      "a ttl of the wrong type",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], ttl: "60" } },
      400,
      "invalid_request",
    ],
    [
      "a priority of the wrong type",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: [1], priority: "high" } },
      400,
      "invalid_request",
    ],
    [
      "a body over the limit",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: ["x".repeat(300 * 1024)] } },
      413,
      "payload_too_large",
    ],
    [
      "args over their limit",
      { path: tasksPath(session), method: "POST", body: { task: "double", args: ["x".repeat(200 * 1024)] } },
      400,
      "args_too_large",
    ],
    ["a session id with a path in it", { path: "/v1/sessions/..%2F..%2Fother/tasks" }, 400, "invalid_session"],
    ["a session id with dots", { path: "/v1/sessions/../tasks" }, 404, "not_found"],
    ["a session id too long", { path: tasksPath("s".repeat(129)) }, 400, "invalid_session"],
    ["a key with control characters in the path", { path: `${tasksPath(session)}/a%07b` }, 400, "invalid_key"],
    ["an oversized key in the path", { path: `${tasksPath(session)}/${longKey}` }, 400, "invalid_key"],
    ["a wait timeout that is not a number", { path: `${tasksPath(session)}/k/wait?timeout=soon` }, 400, "invalid_timeout"],
    ["an empty wait timeout (not 0)", { path: `${tasksPath(session)}/k/wait?timeout=` }, 400, "invalid_timeout"],
    ["a hexadecimal wait timeout (not 16)", { path: `${tasksPath(session)}/k/wait?timeout=0x10` }, 400, "invalid_timeout"],
    ["a negative wait timeout", { path: `${tasksPath(session)}/k/wait?timeout=-1` }, 400, "invalid_timeout"],
    ["a wait timeout too long", { path: `${tasksPath(session)}/k/wait?timeout=3600` }, 400, "invalid_timeout"],
    ["an unknown route", { path: "/v1/nothing-here" }, 404, "not_found"],
  ];

  it.each(cases)("refuses %s with a clear JSON error, changing nothing", async (_name, request, status, code) => {
    const before = await call(tasksPath(session));
    const answer = await call(request.path, request);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect(typeof answer.body.error.message).toBe("string");
    expect(answer.body.error.message.length).toBeGreaterThan(0);
    expect(await call(tasksPath(session))).toEqual(before);
  });
});

describe("bad input on every other endpoint", () => {
  const forged = "test-token-team-a-alicE";
  const cases: [string, CallOptions & { path: string }, number, string][] = [
    ["a forged token on the index", { path: "/v1/sessions", token: forged }, 401, "unauthorized"],
    ["a forged token on the team store", { path: "/v1/team/tasks", token: forged }, 401, "unauthorized"],
    ["a forged token on the hook list", { path: "/v1/hooks/events", token: forged }, 401, "unauthorized"],
    ["no token on live events", { path: "/v1/sessions/s1/events", token: null, headers: { Upgrade: "websocket" } }, 401, "unauthorized"],
    ["live events that are not a WebSocket", { path: "/v1/sessions/s1/events" }, 426, "upgrade_required"],
    ["a session id with a path in it, on live events", { path: "/v1/sessions/..%2Fx/events" }, 400, "invalid_session"],
    ["an unknown task on the team store", { path: "/v1/team/tasks", method: "POST", body: { task: "nope" } }, 400, "unknown_task"],
    [
      "malformed JSON on the team store",
      { path: "/v1/team/tasks", method: "POST", rawBody: "[", headers: { "content-type": "application/json" } },
      400,
      "invalid_json",
    ],
    [
      "malformed JSON on team settings",
      { path: "/v1/team/settings", method: "PUT", token: TOKENS.admin, rawBody: "{", headers: { "content-type": "application/json" } },
      400,
      "invalid_json",
    ],
    [
      "a retention of the wrong type",
      { path: "/v1/team/settings", method: "PUT", token: TOKENS.admin, body: { retentionSeconds: "1h" } },
      400,
      "invalid_request",
    ],
    [
      "team settings from a member who is no admin",
      { path: "/v1/team/settings", method: "PUT", body: { retentionSeconds: 60 } },
      403,
      "forbidden",
    ],
    ["deleting a session, not an admin", { path: "/v1/sessions/s1", method: "DELETE" }, 403, "forbidden"],
    ["a control character in a team key", { path: "/v1/team/tasks/a%00b" }, 400, "invalid_key"],
  ];

  it.each(cases)("refuses %s, changing nothing", async (_name, request, status, code) => {
    const before = [await call("/v1/team/tasks"), await call("/v1/team/settings")];
    const answer = await call(request.path, request);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
    expect([await call("/v1/team/tasks"), await call("/v1/team/settings")]).toEqual(before);
  });
});
