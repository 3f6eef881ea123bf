// What the team page asks of the API beyond the tasks' own routes: who is signed in, a task's
// detail with its args, a label in place of a key that says nothing, retry, deleting a finished
// result (and who may), and the team's figures (tasks finished per minute, Claude cost per day).
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { durableBackend } from "../../src/store/durable-backend";
import { sessionStore, teamIndex } from "../../src/store/names";
import { LIMITS } from "../../src/tasks/limits";
import { TEAM_SCOPE, Tasks } from "../../src/tasks/tasks";
import { call, eventually, newSession, subscribe, TOKENS } from "./helpers";
import { reviewTask } from "./support/claude-tasks";
import { message, script, text } from "./support/fake-anthropic";
import { double, failTimes, flaky, gate, openAllGates } from "./support/test-tasks";

afterEach(openAllGates);

const tasksPath = (session: string) => `/v1/sessions/${session}/tasks`;

async function addAndWait(session: string, body: Record<string, unknown>, token: string = TOKENS.alice) {
  const added = await call(tasksPath(session), { method: "POST", body, token });
  expect(added.status).toBe(202);
  return (await call(`${tasksPath(session)}/${encodeURIComponent(added.body.key)}/wait?timeout=10`, { token })).body;
}

describe("GET /v1/me", () => {
  it("says who the token belongs to, and whether they are an admin", async () => {
    expect(await call("/v1/me")).toEqual({ status: 200, body: { team: "team-a", member: "alice", admin: false } });
    expect((await call("/v1/me", { token: TOKENS.admin })).body).toEqual({ team: "team-a", member: "ada", admin: true });
    const anonymous = await call("/v1/me", { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
  });
});

describe("a task's detail", () => {
  it("holds its args, beside everything a TaskResult holds", async () => {
    const session = newSession("detail");
    const done = await addAndWait(session, { task: "double", args: [21], key: "d" });
    expect((await call(`${tasksPath(session)}/d`)).body).toEqual({ ...done, args: [21], argsBytes: 4 });
  });

  it("cuts long args to a share each, smallest first, saying how much was left out", async () => {
    const session = newSession("detail");
    const code = "x = 1\n".repeat(10_000); // 60,000 characters
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: session });
    await tasks.add(reviewTask, ["no-scenario", code], { key: "big" });
    await tasks.cancel("big");
    const { body } = await call(`${tasksPath(session)}/big`);
    expect(body.argsCut).toBe(true);
    expect(body.argsBytes).toBe(JSON.stringify(["no-scenario", code]).length);
    // The small arg whole; the file cut, its start kept, the rest counted.
    expect(body.args[0]).toBe("no-scenario");
    const [, kept, more] = /^(x = 1\n[\s\S]*)…\[(\d+) more characters\]$/.exec(body.args[1]) ?? [];
    expect(kept!.length + Number(more)).toBe(code.length);
    expect(body.args[1].length).toBeLessThanOrEqual(LIMITS.detailArgsMaxChars);
  });
});

describe("labels", () => {
  it("are stored with the task, cleaned of control characters and cut, and kept by a retry", async () => {
    const session = newSession("label");
    const added = await call(tasksPath(session), {
      method: "POST",
      body: { task: "risky_task", key: "r", label: "Python,\u0007 3 lines:\n\u202edef area(r):\u0000" },
    });
    expect(added.body.label).toBe("Python, 3 lines: def area(r):");
    const long = await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1], key: "l", label: "é".repeat(500) } });
    expect([...long.body.label]).toHaveLength(LIMITS.labelMaxChars);
    expect(long.body.label.endsWith("…")).toBe(true);
    const blank = await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1], key: "b", label: " \u0007 " } });
    expect(blank.body).not.toHaveProperty("label");
    expect((await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1], label: 42 } })).status).toBe(400);
    await call(`${tasksPath(session)}/r/wait?timeout=10`);
    expect((await call(`${tasksPath(session)}/r/retry`, { method: "POST" })).body.label).toBe("Python, 3 lines: def area(r):");
  });
});

describe("POST .../tasks/:key/retry", () => {
  it("runs a FAILED task again with the same task and args, as added by whoever retried", async () => {
    const session = newSession("retry");
    failTimes("retry-once", 3); // flaky retries twice on its own: 3 failures fail it
    const failed = await addAndWait(session, { task: "test_flaky", args: ["retry-once"], key: "f", priority: 5 });
    expect(failed).toMatchObject({ status: "FAILED", attempts: 3, addedBy: { member: "alice" } });
    const retried = await call(`${tasksPath(session)}/f/retry`, { method: "POST", token: TOKENS.bob });
    expect(retried.status).toBe(202);
    expect(retried.body).toMatchObject({
      key: "f",
      task: "test_flaky",
      status: "PENDING",
      attempts: 0,
      priority: 5,
      addedBy: { member: "bob" },
    });
    const done = (await call(`${tasksPath(session)}/f/wait?timeout=10`)).body;
    expect(done).toMatchObject({ status: "COMPLETED", value: "flaky retry-once done" });
    expect((await call(`${tasksPath(session)}/f`)).body.args).toEqual(["retry-once"]);
  });

  it("runs a CANCELLED task again, on the team store too", async () => {
    const key = newSession("team-retry");
    const run = gate(key);
    await call("/v1/team/tasks", { method: "POST", body: { task: "test_gated", args: [key], key } });
    expect((await call(`/v1/team/tasks/${key}`, { method: "DELETE" })).body.status).toBe("CANCELLED");
    run.open();
    expect((await call(`/v1/team/tasks/${key}/retry`, { method: "POST", token: TOKENS.bob })).status).toBe(202);
    expect((await call(`/v1/team/tasks/${key}/wait?timeout=10`)).body).toMatchObject({ status: "COMPLETED", value: `gate ${key} passed` });
  });

  it("refuses what is not FAILED or CANCELLED (409, with the task), and what is not there (404)", async () => {
    const session = newSession("retry");
    await addAndWait(session, { task: "double", args: [2], key: "ok" });
    const refused = await call(`${tasksPath(session)}/ok/retry`, { method: "POST" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("not_retryable");
    expect(refused.body.task).toMatchObject({ key: "ok", status: "COMPLETED" });
    expect((await call(`${tasksPath(session)}/ok`)).body.value).toBe(4);
    const run = gate("retry-running");
    await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["retry-running"], key: "g" } });
    expect((await call(`${tasksPath(session)}/g/retry`, { method: "POST" })).body.error.code).toBe("not_retryable");
    run.open();
    const missing = await call(`${tasksPath(session)}/nothing/retry`, { method: "POST" });
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe("not_found");
  });

  it("refuses a task this Worker no longer has (400 unknown_task), leaving it as it was", async () => {
    const session = newSession("retry");
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: session });
    await tasks.add(double, [1], { key: "gone" });
    await tasks.cancel("gone");
    // As if the app had since dropped the task: rename it in the store.
    await runInDurableObject(sessionStore(env.SESSION_STORE, { team: "team-a", session }), (_instance, state) => {
      state.storage.sql.exec("UPDATE tasks SET task = 'renamed_since' WHERE key = 'gone'");
    });
    const refused = await call(`${tasksPath(session)}/gone/retry`, { method: "POST" });
    expect(refused.status).toBe(400);
    expect(refused.body.error.code).toBe("unknown_task");
    expect((await call(`${tasksPath(session)}/gone`)).body.status).toBe("CANCELLED");
  });
});

describe("DELETE .../tasks/:key/result", () => {
  it("lets the member who added a finished result delete it", async () => {
    const session = newSession("delete");
    await addAndWait(session, { task: "double", args: [3], key: "mine" });
    const deleted = await call(`${tasksPath(session)}/mine/result`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    expect(deleted.body.deleted).toMatchObject({ key: "mine", status: "COMPLETED", value: 6 });
    expect((await call(`${tasksPath(session)}/mine`)).status).toBe(404);
  });

  it("refuses another member (403, naming who may) and lets an admin", async () => {
    const session = newSession("delete");
    await addAndWait(session, { task: "risky_task", key: "theirs" });
    const refused = await call(`${tasksPath(session)}/theirs/result`, { method: "DELETE", token: TOKENS.bob });
    expect(refused).toMatchObject({ status: 403, body: { error: { code: "forbidden" } } });
    expect(refused.body.error.message).toContain("alice");
    expect((await call(`${tasksPath(session)}/theirs`)).body.status).toBe("FAILED");
    expect((await call(`${tasksPath(session)}/theirs/result`, { method: "DELETE", token: TOKENS.admin })).status).toBe(200);
    expect((await call(`${tasksPath(session)}/theirs`)).status).toBe(404);
  });

  it("refuses a task still PENDING or RUNNING (409 not_finished: cancel it first), and an unknown one (404)", async () => {
    const session = newSession("delete");
    const run = gate("delete-running");
    await call(tasksPath(session), { method: "POST", body: { task: "test_gated", args: ["delete-running"], key: "g" } });
    const refused = await call(`${tasksPath(session)}/g/result`, { method: "DELETE" });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("not_finished");
    expect(["PENDING", "RUNNING"]).toContain(refused.body.task.status);
    run.open();
    expect((await call(`${tasksPath(session)}/g/wait?timeout=10`)).body.status).toBe("COMPLETED");
    expect((await call(`${tasksPath(session)}/nothing/result`, { method: "DELETE" })).status).toBe(404);
  });

  it("applies on the team store too, and never across teams", async () => {
    const key = newSession("team-delete");
    await call("/v1/team/tasks", { method: "POST", body: { task: "double", args: [5], key } });
    await call(`/v1/team/tasks/${key}/wait?timeout=10`);
    expect((await call(`/v1/team/tasks/${key}/result`, { method: "DELETE", token: TOKENS.carol })).status).toBe(404);
    expect((await call(`/v1/team/tasks/${key}/result`, { method: "DELETE", token: TOKENS.bob })).status).toBe(403);
    expect((await call(`/v1/team/tasks/${key}/result`, { method: "DELETE" })).status).toBe(200);
  });
});

describe("the team's figures", () => {
  const claudeDone = (scenario: string, inputTokens: number, outputTokens: number) =>
    script(scenario, [message([text("Fine.")], { usage: { input_tokens: inputTokens, output_tokens: outputTokens } })]);

  it("count finished tasks per minute and Claude cost per day, from sessions and the team store alike", async () => {
    const team = `figures-${newSession()}`;
    const index = teamIndex(env.TEAM_INDEX, team);
    const session = new Tasks(durableBackend(env.SESSION_STORE, team), {
      sessionId: newSession("figures"),
      origin: { member: "alice" },
    });
    const shared = new Tasks(durableBackend(env.SESSION_STORE, team), { sessionId: TEAM_SCOPE, origin: { member: "bob" } });
    await claudeDone("figures-session", 1_000, 100);
    await claudeDone("figures-team", 2_000, 300);
    failTimes(`figures-${team}`, 3);
    await session.add(double, [1], { key: "a" });
    await session.add(flaky, [`figures-${team}`], { key: "b" });
    await session.add(reviewTask, ["figures-session", "x"], { key: "c" });
    await shared.add(reviewTask, ["figures-team", "y"], { key: "d" });
    await session.waitAll(["a", "b", "c"], { timeout: 20 });
    await shared.wait("d", { timeout: 20 });
    // claude-sonnet-5 at $2 / $10 per million tokens in / out.
    const cost = (1_000 * 2 + 100 * 10 + 2_000 * 2 + 300 * 10) / 1_000_000;
    const stats = await eventually(
      () => index.stats(60),
      (s) => s.costTotalUsd > 0 && s.finishedPerMinute.reduce((n, m) => n + m.completed + m.failed, 0) === 4,
    );
    expect(stats.finishedPerMinute).toHaveLength(60);
    expect(stats.finishedPerMinute.reduce((n, m) => n + m.completed, 0)).toBe(3);
    expect(stats.finishedPerMinute.reduce((n, m) => n + m.failed, 0)).toBe(1);
    // The current minute last (read a moment ago), every minute listed.
    const lastMinute = stats.finishedPerMinute.at(-1)!.minute;
    expect(Date.now() - lastMinute).toBeGreaterThanOrEqual(0);
    expect(Date.now() - lastMinute).toBeLessThan(2 * 60_000);
    expect(stats.finishedPerMinute.map((m) => m.minute - lastMinute)).toEqual(Array.from({ length: 60 }, (_, i) => (i - 59) * 60_000));
    expect(stats.costTotalUsd).toBeCloseTo(cost, 12);
    expect(stats.costPerDay).toHaveLength(30);
    expect(stats.costPerDay.reduce((n, d) => n + d.costUsd, 0)).toBeCloseTo(cost, 12);
    expect(stats.costPerDay.map((d) => d.day)).toContain(new Date().toISOString().slice(0, 10));
    expect(stats.costSince).toBeLessThanOrEqual(Date.now());
    // Told once: nothing is left to tell, so nothing is counted twice.
    for (const scope of [session, shared]) {
      const left = await runInDurableObject(sessionStore(env.SESSION_STORE, { team, session: scope.sessionId }), (_i, state) =>
        state.storage.sql.exec("SELECT count(*) AS n FROM tally").one(),
      );
      expect(left.n).toBe(0);
    }
  });

  it("are answered over REST, to the caller's team only, and refuse a bad range", async () => {
    const before = (await call("/v1/team/stats")).body;
    expect(before.finishedPerMinute).toHaveLength(60);
    const session = newSession("figures-rest");
    await addAndWait(session, { task: "double", args: [1] });
    const after = await eventually(
      async () => (await call("/v1/team/stats?minutes=5")).body,
      (s) => s.finishedPerMinute.reduce((n: number, m: { completed: number }) => n + m.completed, 0) >= 1,
    );
    expect(after.finishedPerMinute).toHaveLength(5);
    const carol = (await call("/v1/team/stats?minutes=1440", { token: TOKENS.carol })).body;
    expect(carol.finishedPerMinute.reduce((n: number, m: { completed: number }) => n + m.completed, 0)).toBe(0);
    for (const bad of ["0", "1441", "1e2", "x", ""]) {
      const refused = await call(`/v1/team/stats?minutes=${bad}`);
      expect(refused.status, bad).toBe(400);
      expect(refused.body.error.code).toBe("invalid_query");
    }
  });

  it("reach the live pages as the buckets that changed", async () => {
    const live = await subscribe("/v1/sessions/events", { authorization: `Bearer ${TOKENS.alice}` });
    await addAndWait(newSession("figures-live"), { task: "double", args: [1] });
    const frame = await live.next((f) => f.type === "stats" && f.minutes.length > 0);
    expect(Date.now() - frame.minutes[0].minute).toBeLessThan(2 * 60_000);
    expect(frame.minutes[0].completed).toBeGreaterThanOrEqual(1);
    live.close();
  });

  it("keep a day of minutes and 30 days of cost; older costs count in the total only", async () => {
    const index = teamIndex(env.TEAM_INDEX, `figures-old-${newSession()}`);
    const minute = Math.floor(Date.now() / 60_000);
    await index.tally([
      { minute: minute - 24 * 60, completed: 7, failed: 0, costUsd: 0 },
      { minute: minute - 31 * 24 * 60, completed: 0, failed: 0, costUsd: 1.5 },
      { minute: minute - 2, completed: 2, failed: 1, costUsd: 0.25 },
    ]);
    const stats = await index.stats(1440);
    expect(stats.finishedPerMinute.reduce((n, m) => n + m.completed + m.failed, 0)).toBe(3);
    expect(stats.finishedPerMinute.find((m) => m.minute === (minute - 2) * 60_000)).toMatchObject({ completed: 2, failed: 1 });
    expect(stats.costPerDay.reduce((n, d) => n + d.costUsd, 0)).toBeCloseTo(0.25, 12);
    expect(stats.costTotalUsd).toBeCloseTo(1.75, 12);
  });

  it("are kept by a store until the index has them, and told before an empty store deletes itself", async () => {
    const team = `figures-kept-${newSession()}`;
    const session = newSession("kept");
    const store = sessionStore(env.SESSION_STORE, { team, session });
    const tasks = new Tasks(durableBackend(env.SESSION_STORE, team), { sessionId: session });
    await tasks.add(double, [1]);
    await tasks.wait(double, { timeout: 10 });
    await tasks.pop(double);
    // As if the report had not reached the index: the tally is written back.
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec("INSERT INTO tally (minute, completed) VALUES (?, 5)", Math.floor(Date.now() / 60_000) - 1);
    });
    expect(await runDurableObjectAlarm(store)).toBe(true);
    const stats = await teamIndex(env.TEAM_INDEX, team).stats(60);
    expect(stats.finishedPerMinute.reduce((n, m) => n + m.completed, 0)).toBe(6);
    const tables = await runInDurableObject(
      store,
      (_instance, state) => state.storage.sql.exec("SELECT name FROM sqlite_master").toArray().length,
    );
    expect(tables).toBe(0);
  });
});
