// /v1/memory: the team's memory over REST, as the CLI uses it. Each call acts as its member:
// their view, their name on what they add, their (or an admin's) right to remove; bad input is
// a 400 that changes nothing; teams never meet.
import { describe, expect, it } from "vitest";
import { call, TOKENS } from "./helpers";

const add = (body: unknown, token: string = TOKENS.alice) => call("/v1/memory", { method: "POST", token, body });

describe("/v1/memory", () => {
  it("adds a note in the caller's name and finds it for teammates, not for another team", async () => {
    const added = await add({ text: "The payments sandbox key rotates on the 1st.", project: "payments" });
    expect(added.status).toBe(201);
    expect(added.body).toMatchObject({
      added: true,
      memory: { text: "The payments sandbox key rotates on the 1st.", scope: "team", source: "note", member: "alice", project: "payments" },
    });
    expect(added.body.memory.expiresAt - added.body.memory.createdAt).toBe(90 * 24 * 3600 * 1000);
    const found = await call("/v1/memory/search?q=payments%20sandbox%20key", { token: TOKENS.bob });
    expect(found.body.hits.map((hit: { id: string }) => hit.id)).toContain(added.body.memory.id);
    expect((await call("/v1/memory/search?q=payments%20sandbox%20key", { token: TOKENS.carol })).body).toEqual({ hits: [] });
    expect((await call("/v1/memory", { token: TOKENS.carol })).body).toEqual({ memories: [], next: null });
    // The same note again: the same memory, renewed.
    const again = await add({ text: "The payments sandbox key rotates on the 1st.", project: "payments" });
    expect(again).toMatchObject({ status: 200, body: { added: false, memory: { id: added.body.memory.id } } });
  });

  it("keeps a member's own note from teammates' lists and searches", async () => {
    const mine = await add({ text: "My own reminder about the flaky e2e suite.", scope: "member", ttlDays: 7 });
    expect(mine.body.memory.expiresAt - mine.body.memory.createdAt).toBe(7 * 24 * 3600 * 1000);
    const bobs = await call("/v1/memory?scope=member", { token: TOKENS.bob });
    expect(bobs.body.memories.map((memory: { id: string }) => memory.id)).not.toContain(mine.body.memory.id);
    expect((await call("/v1/memory/search?q=flaky%20e2e", { token: TOKENS.bob })).body.hits).toEqual([]);
    expect((await call("/v1/memory?scope=member")).body.memories.map((memory: { id: string }) => memory.id)).toContain(mine.body.memory.id);
  });

  it("lets the adder or an admin remove a note, and no one else", async () => {
    const { id } = (await add({ text: "Removable note about the CDN purge." })).body.memory;
    expect(await call(`/v1/memory/${id}`, { method: "DELETE", token: TOKENS.bob })).toMatchObject({
      status: 403,
      body: { error: { code: "forbidden" } },
    });
    expect(await call(`/v1/memory/${id}`, { method: "DELETE", token: TOKENS.carol })).toMatchObject({
      status: 404,
      body: { error: { code: "not_found" } },
    });
    expect(await call(`/v1/memory/${id}`, { method: "DELETE", token: TOKENS.admin })).toEqual({ status: 200, body: { removed: id } });
    expect(await call(`/v1/memory/${id}`, { method: "DELETE" })).toMatchObject({ status: 404 });
  });

  it("removes all of one member's memories for them or an admin", async () => {
    await add({ text: "Bob's note one about tracing." }, TOKENS.bob);
    await add({ text: "Bob's note two about tracing.", scope: "member" }, TOKENS.bob);
    expect(await call("/v1/memory?member=bob", { method: "DELETE", token: TOKENS.alice })).toMatchObject({ status: 403 });
    expect(await call("/v1/memory?member=bob", { method: "DELETE", token: TOKENS.admin })).toEqual({ status: 200, body: { removed: 2 } });
    expect((await call("/v1/memory?member=bob", { token: TOKENS.bob })).body.memories).toEqual([]);
  });

  it("answers bad input with a 400 naming the problem, and stores nothing", async () => {
    const before = (await call("/v1/memory?limit=500")).body.memories.length;
    const cases: [unknown, string][] = [
      [{ text: "" }, "text must not be empty"],
      [{ text: "x".repeat(4001) }, "at most 4000"],
      [{ text: "bell\u0007" }, "control characters"],
      [{ text: "ok", scope: "everyone" }, "scope"],
      [{ text: "ok", project: "/home/alice/shop" }, "base name"],
      [{ text: "ok", ttlDays: 0 }, "ttlDays"],
      [{ text: "ok", member: "bob" }, "member"],
    ];
    for (const [body, message] of cases) {
      const answer = await add(body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error.code).toBe("invalid_request");
      expect(answer.body.error.message).toContain(message);
    }
    expect(
      (await call("/v1/memory", { method: "POST", rawBody: "{", headers: { "content-type": "application/json" } })).body.error.code,
    ).toBe("invalid_json");
    expect((await call("/v1/memory/search?q=")).body.error.code).toBe("invalid_query");
    expect((await call("/v1/memory?limit=0")).body.error.code).toBe("invalid_query");
    expect((await call("/v1/memory/not-a-uuid", { method: "DELETE" })).body.error.code).toBe("invalid_request");
    expect((await call("/v1/memory", { method: "DELETE" })).body.error.code).toBe("invalid_query");
    expect((await call("/v1/memory?limit=500")).body.memories.length).toBe(before);
  });

  it("asks for a token", async () => {
    expect((await call("/v1/memory", { token: null })).status).toBe(401);
    expect((await call("/v1/memory/search?q=x", { token: null })).status).toBe(401);
  });
});
