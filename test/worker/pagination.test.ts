// Lists that stay within Cloudflare's limits as a session or a team grows: pages of tasks and
// of the team index over REST, and bad page parameters refused.
import { describe, expect, it } from "vitest";
import { call, eventually, newSession, TOKENS } from "./helpers";

const tasksPath = (session: string) => `/v1/sessions/${session}/tasks`;

describe("GET .../tasks", () => {
  it("pages a session's tasks oldest first, filtered by prefix and status, with or without values", async () => {
    const session = newSession("pages");
    for (const key of ["note:1", "note:2", "other", "note:3"]) {
      await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1], key } });
    }
    await eventually(
      () => call(`${tasksPath(session)}?status=COMPLETED`),
      ({ body }) => body.tasks.length === 4,
    );
    const first = await call(`${tasksPath(session)}?limit=3`);
    expect(first.body.tasks.map((t: { key: string }) => t.key)).toEqual(["note:1", "note:2", "other"]);
    expect(first.body.next).toEqual(expect.any(String));
    const second = await call(`${tasksPath(session)}?limit=3&after=${first.body.next}`);
    expect(second.body).toMatchObject({ tasks: [{ key: "note:3", value: 2 }], next: null });
    const notes = await call(`${tasksPath(session)}?prefix=note%3A&values=false`);
    expect(notes.body.tasks.map((t: { key: string; value?: unknown }) => [t.key, t.value])).toEqual([
      ["note:1", undefined],
      ["note:2", undefined],
      ["note:3", undefined],
    ]);
    expect((await call(`${tasksPath(session)}?status=FAILED`)).body).toEqual({ tasks: [], next: null });
  });

  it.each([
    ["a limit of 0", "limit=0"],
    ["a limit over 1,000", "limit=1001"],
    ["a limit in hex", "limit=0x10"],
    ["an empty limit", "limit="],
    ["a cursor that is no cursor", "after=abc"],
    ["an unknown status", "status=DONE"],
    ["values that are not a boolean", "values=0"],
  ])("refuses %s with a 400", async (_name, query) => {
    const answer = await call(`${tasksPath(newSession())}?${query}`);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("invalid_query");
  });
});

describe("GET /v1/sessions", () => {
  it("pages the team index, most recently seen first", async () => {
    const sessions = [newSession("idx-page"), newSession("idx-page"), newSession("idx-page")];
    for (const session of sessions) {
      await call(tasksPath(session), { method: "POST", body: { task: "double", args: [1] }, token: TOKENS.alice });
    }
    const all = await eventually(
      () => call("/v1/sessions?limit=1000"),
      ({ body }) => sessions.every((s) => body.sessions.some((x: { session: string }) => x.session === s)),
    );
    expect(all.body.next).toBeNull();
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: { body: { sessions: { session: string }[]; next: string | null } } = await call(
        `/v1/sessions?limit=2${after ? `&after=${after}` : ""}`,
      );
      expect(page.body.sessions.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.sessions.map((s) => s.session));
      after = page.body.next;
    } while (after);
    expect(seen).toEqual(all.body.sessions.map((s: { session: string }) => s.session));
    expect((await call("/v1/sessions?after=nope")).body.error.code).toBe("invalid_query");
  });
});
