// The default app's memory lookup (memory.ts), the guide's search_memory on the team's memory:
// what the previous prompt's search found reaches Claude on the next prompt, labelled with whose
// it is; a teammate's own memories never do; the prompt is a query (its terms), not a memory.
// That the answer's path never calls the memory (the search runs as a task) is in hops.test.ts.
import { describe, expect, it } from "vitest";
import { call, claudeEvent, newSession, TOKENS } from "../../test/worker/helpers";
import { MEMORY_CONTEXT_HEADER } from "../memory";

const prompt = (session: string, text: string, token: string = TOKENS.alice) =>
  call("/v1/hooks", { method: "POST", token, body: claudeEvent(session, "UserPromptSubmit", { prompt: text }) });

const waitFor = (session: string, key: string, token: string = TOKENS.alice) =>
  call(`/v1/sessions/${session}/tasks/${encodeURIComponent(key)}/wait?timeout=10`, { token });

describe("the default app's memory lookup", () => {
  it("gives Claude, on the next prompt, the team's memories the last prompt's search found, labelled as a teammate's note", async () => {
    await call("/v1/memory", {
      method: "POST",
      token: TOKENS.bob,
      body: { text: "The staging database is reset every Monday at 06:00 UTC.", project: "shop" },
    });
    const session = newSession("memory");
    const first = await prompt(session, "Why is the staging database empty again?");
    expect(first).toEqual({ status: 200, body: {} });
    // The search ran as a task of the session, on the prompt's terms only.
    const search = await waitFor(session, "search_memory");
    expect(search.body).toMatchObject({ status: "COMPLETED", addedBy: { member: "alice" } });
    const detail = await call(`/v1/sessions/${session}/tasks/search_memory`);
    expect(detail.body.args).toEqual(["staging database empty"]);
    const second = await prompt(session, "ok, and how do I refill it?");
    const text = second.body.hookSpecificOutput.additionalContext as string;
    expect(text.split("\n")).toEqual([
      MEMORY_CONTEXT_HEADER,
      "- note by bob (shared with the team, project shop, just now):",
      "  > The staging database is reset every Monday at 06:00 UTC.",
    ]);
    expect(second.body.systemMessage).toBe("fasthooks: 1 memory from the team's memory are in Claude's context");
    // Handed out once: the next search (for "refill") replaced it.
    expect((await waitFor(session, "search_memory")).body.value).toEqual([]);
    // Prompts are queries, never memories.
    const memories = (await call("/v1/memory?limit=500")).body.memories.map((memory: { text: string }) => memory.text);
    expect(memories.some((memory: string) => memory.includes("empty again") || memory.includes("refill"))).toBe(false);
  });

  it("never gives one member's own memory to a teammate's Claude", async () => {
    await call("/v1/memory", { method: "POST", body: { text: "My personal VPN config lives in ~/vpn/alice.conf.", scope: "member" } });
    const bobs = newSession("bob-memory");
    await prompt(bobs, "How do I configure the VPN?", TOKENS.bob);
    expect((await waitFor(bobs, "search_memory", TOKENS.bob)).body.value).toEqual([]);
    const alices = newSession("alice-memory");
    await prompt(alices, "How do I configure the VPN?");
    expect(
      (await waitFor(alices, "search_memory")).body.value.map((hit: { member: string; scope: string }) => [hit.member, hit.scope]),
    ).toEqual([["alice", "member"]]);
    const answer = await prompt(alices, "thanks");
    expect(answer.body.hookSpecificOutput.additionalContext).toContain("- your own note (private to you, just now):");
  });

  it('keeps a prompt only when the member asks: "remember: ..." for them, "remember for the team: ..." for all', async () => {
    const session = newSession("remember");
    const mine = await prompt(session, "remember: I run the e2e suite with --shard=2");
    expect(mine.body).toEqual({ systemMessage: "fasthooks: remembered for you alone" });
    const shared = await prompt(session, "Remember for the team: the e2e suite needs Chrome 130");
    expect(shared.body).toEqual({ systemMessage: "fasthooks: remembered for the team" });
    const keys = (await call(`/v1/sessions/${session}/tasks`)).body.tasks.map((task: { key: string }) => task.key);
    for (const key of keys) await waitFor(session, key);
    const listed = (await call("/v1/memory?limit=500", { token: TOKENS.bob })).body.memories.map(
      (memory: { text: string; scope: string }) => [memory.text, memory.scope],
    );
    expect(listed).toContainEqual(["the e2e suite needs Chrome 130", "team"]);
    expect(listed.some(([text]: [string]) => text.includes("--shard=2"))).toBe(false);
    expect((await call("/v1/memory?scope=member&limit=500")).body.memories.map((memory: { text: string }) => memory.text)).toContain(
      "I run the e2e suite with --shard=2",
    );
    // Too long to be a memory: said, nothing kept.
    const long = await prompt(session, `remember: ${"x".repeat(4001)}`);
    expect(long.body).toEqual({ systemMessage: "fasthooks: too long to remember (4000 characters at most)" });
  });
});
