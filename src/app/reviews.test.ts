// The default app's Claude reviews (reviews.ts), through the Worker and the real queue, and
// between two members: what is shared names no
// member's path, what reaches Claude says which task and member produced it, and a row a member
// plants under a review's key is not handed to another's Claude as a review.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { sessionStore } from "../store/names";
import { call, newSession, TOKENS } from "../../test/worker/helpers";
import { message, requests, script, text } from "../../test/worker/support/fake-anthropic";
import { CODE_REVIEWER_PROMPT, REVIEW_BUDGET } from "./reviews";

const write = (token: string, session: string, file_path: string, content: string) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: {
      session_id: session,
      cwd: "/repo",
      hook_event_name: "PreToolUse",
      tool_name: "Write",
      tool_input: { file_path, content },
      tool_use_id: "toolu_1",
    },
  });
const prompt = (token: string, session: string) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: { session_id: session, cwd: "/repo", hook_event_name: "UserPromptSubmit", prompt: "next" },
  });

async function reviewKey(language: string, content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${language}\0${content}`));
  return `review:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

describe("team reviews", () => {
  it("show a teammate the review under their own path, saying whose task produced it", async () => {
    const content = "# [fake:shared-path]\ndef area(r):\n    return 3.14 * r * r\n";
    await script("shared-path", [message([text("Add a docstring.")])]);
    const alice = newSession("alice");
    const bob = newSession("bob");
    await write(TOKENS.alice, alice, "/home/alice/geo/area.py", content);
    const key = await reviewKey("Python", content);
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}/wait?timeout=10`)).body.status).toBe("COMPLETED");
    await write(TOKENS.bob, bob, "/home/bob/geo/area.py", content);
    const context = (await prompt(TOKENS.bob, bob)).body.hookSpecificOutput.additionalContext as string;
    expect(context).toBe("Code review of /home/bob/geo/area.py (review_code, started by alice):\nAdd a docstring.");
    expect(context).not.toContain("/home/alice");
    const [sent] = await requests("shared-path");
    expect(JSON.stringify(sent!.body)).not.toContain("/home/alice");
    expect(await requests("shared-path")).toHaveLength(1);
  });

  it("are the hooks' own keys: no member plants a row under a review's key or a pointer in a session", async () => {
    const content = "# [fake:planted]\nprint('x')\n";
    const key = await reviewKey("Python", content);
    for (const token of [TOKENS.bob, TOKENS.admin]) {
      const planted = await call("/v1/team/tasks", { method: "POST", token, body: { task: "long_output_task", key } });
      expect(planted.status).toBe(403);
      expect(planted.body.error.code).toBe("reserved_key");
    }
    const session = newSession("victim");
    await write(TOKENS.alice, session, "/repo/x.py", content);
    const pointer = await call(`/v1/sessions/${session}/tasks`, {
      method: "POST",
      body: { task: "double", args: [1], key: "pending_review:!", ttl: 604800 },
    });
    expect(pointer.body.error.code).toBe("reserved_key");
    expect(
      (await call(`/v1/sessions/${session}/tasks/${encodeURIComponent("pending_review:/repo/x.py")}/pop`, { method: "POST" })).status,
    ).toBe(403);
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}/wait?timeout=10`)).body.status).toBe("FAILED");
    const answer = await prompt(TOKENS.alice, session);
    expect(answer.status).toBe(200);
    expect(answer.body.systemMessage).toMatch(/^Code review of \/repo\/x.py failed/);
  });
});

describe("a pointer the prompt hook reads back", () => {
  it("is not trusted: one that does not hold a review's key and path is dropped, and the prompt goes on", async () => {
    const session = newSession("bad-pointer");
    // Written past the REST API (which refuses the prefix), as an older app or a bug could have.
    const store = sessionStore(env.SESSION_STORE, { team: "team-a", session });
    for (const [key, value] of [
      ["pending_review:!", 1],
      ["pending_review:/p/y.py", { key: "not-a-review", filePath: 3 }],
    ] as const) {
      await store.put({ key, valueJson: JSON.stringify(value), ttlMs: 604_800_000, addedBy: { member: "alice" } });
    }
    const answer = await prompt(TOKENS.alice, session);
    expect(answer).toEqual({ status: 200, body: {} });
    const left = (await call(`/v1/sessions/${session}/tasks?values=false&prefix=pending_review:`)).body.tasks;
    expect(left).toEqual([]);
  });
});

describe("the default app's Claude reviews", () => {
  it("starts a team-wide review on Write of a .py file and shows it on the next prompt", async () => {
    const session = newSession("review");
    const content = "# [fake:review-e2e]\ndef total(cart):\n    return sum(cart)\n";
    await script("review-e2e", [message([text("Fine. Consider type hints.")], { usage: { input_tokens: 400, output_tokens: 30 } })]);
    const reviewKeyOf = await reviewKey("Python", content);
    const hook = (event: object) => call("/v1/hooks", { method: "POST", body: { session_id: session, cwd: "/repo", ...event } });
    await hook({
      hook_event_name: "PreToolUse",
      tool_name: "Write",
      tool_input: { file_path: "/repo/cart.py", content },
      tool_use_id: "toolu_1",
    });
    // The review runs in the team store, keyed by the content's hash.
    const teamTasks = await call("/v1/team/tasks");
    // (This file's other tests left reviews of their own in the team store: this one is found by its key.)
    const review = teamTasks.body.tasks.find((task: { key: string }) => task.key === reviewKeyOf);
    expect(review.task).toBe("review_code");
    expect(review.key).toMatch(/^review:[0-9a-f]{64}$/);
    expect(review.addedBy).toEqual({ member: "alice", cwd: "/repo" });
    // What teammates see in its place on the team page: what it is, never whose path.
    expect(review.label).toBe("Python, 3 lines: def total(cart):");
    await call(`/v1/team/tasks/${encodeURIComponent(review.key)}/wait?timeout=10`);
    const [sent] = await requests("review-e2e");
    expect(sent!.body.model).toBe("claude-sonnet-5-5");
    expect(sent!.body.system).toBe(CODE_REVIEWER_PROMPT);
    expect(sent!.body.max_tokens).toBe(REVIEW_BUDGET.maxTokens);
    // What the team shares names no member's path: the review is of the content, in its language.
    expect(sent!.body.messages[0].content).toBe(`Review this Python file:\n\`\`\`\n${content}\n\`\`\``);
    // The Quick Start's analysis of the same write ran first (the local queue runs one batch at
    // a time): the prompt shows both, combined.
    await call(`/v1/sessions/${session}/tasks/analyze_code/wait?timeout=10`);
    const prompt = await hook({ hook_event_name: "UserPromptSubmit", prompt: "next" });
    const analysis = `Previous analysis (analyze_code, started by alice): Analysis complete: ${content.length} chars`;
    expect(prompt.body).toEqual({
      systemMessage: `${analysis}\nCode review of /repo/cart.py is in Claude's context`,
      hookSpecificOutput: {
        hookEventName: "UserPromptSubmit",
        additionalContext: `${analysis}\n\nCode review of /repo/cart.py (review_code, started by alice):\nFine. Consider type hints.`,
      },
    });
    // A teammate writing the same content reuses the review: no second API call.
    await call("/v1/hooks", {
      method: "POST",
      token: "test-token-team-a-bob-00",
      body: {
        session_id: newSession("review-bob"),
        hook_event_name: "PreToolUse",
        tool_name: "Write",
        tool_input: { file_path: "/repo/cart.py", content },
      },
    });
    expect(await requests("review-e2e")).toHaveLength(1);
    // Worth finding again: the team's memory keeps the review, as its writer's, without the path.
    const found = await call("/v1/memory/search?q=total%20cart%20type%20hints", { token: "test-token-team-a-bob-00" });
    expect(found.body.hits).toContainEqual(
      expect.objectContaining({
        text: "Code review — Python, 3 lines: def total(cart):\nFine. Consider type hints.",
        source: "review",
        member: "alice",
        scope: "team",
        project: "repo",
      }),
    );
  });

  it("can be started over the REST API too", async () => {
    const session = newSession("review-rest");
    await script("review-rest", [message([text("No security issues.")], { model: "claude-haiku-5-5" })]);
    const added = await call(`/v1/sessions/${session}/tasks`, {
      method: "POST",
      body: { task: "security_review", args: ["[fake:review-rest] eval(x)"] },
    });
    expect(added.status).toBe(202);
    const done = await call(`/v1/sessions/${session}/tasks/security_review/wait?timeout=10`);
    expect(done.body).toMatchObject({ status: "COMPLETED", value: "No security issues." });
    expect((await requests("review-rest"))[0]!.body.model).toBe("claude-haiku-5-5");
  });
});
