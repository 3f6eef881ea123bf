// The default app (index.ts) through the Worker in workerd: what it answers Claude Code for each
// hook, the seed's Quick Start across two hooks, and what it says of failed tasks.
import { describe, expect, it } from "vitest";
import { call, claudeEvent, newSession } from "../../test/worker/helpers";

describe("the default app", () => {
  it("lists the events it handles, for install", async () => {
    const listing = await call("/v1/hooks/events");
    expect(listing).toEqual({
      status: 200,
      body: {
        events: [
          { event: "PreToolUse", matcher: "Write|Edit|WebFetch" },
          { event: "UserPromptSubmit" },
          { event: "PostToolUse", matcher: "Write|Edit" },
          { event: "Stop" },
        ],
      },
    });
  });

  it("denies writing a .env file", async () => {
    const session = newSession("env");
    const answer = await call("/v1/hooks", {
      method: "POST",
      body: claudeEvent(session, "PreToolUse", {
        tool_name: "Write",
        tool_input: { file_path: "/Users/ada/src/shop/.env.local", content: "KEY=1" },
        tool_use_id: "toolu_01",
      }),
    });
    expect(answer).toEqual({
      status: 200,
      body: {
        hookSpecificOutput: {
          hookEventName: "PreToolUse",
          permissionDecision: "deny",
          permissionDecisionReason: "fasthooks: /Users/ada/src/shop/.env.local holds secrets; edit it by hand, not through Claude",
        },
      },
    });
    // Denied before the analysis handler: no task was started for it.
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
  });

  it("runs the seed's Quick Start across two hook calls", async () => {
    const session = newSession("quick");
    const content = "def total(cart):\n    return sum(item.price for item in cart)\n";
    const write = await call("/v1/hooks", {
      method: "POST",
      body: claudeEvent(session, "PreToolUse", {
        tool_name: "Write",
        tool_input: { file_path: "/Users/ada/src/shop/cart.rb", content },
        tool_use_id: "toolu_02",
      }),
    });
    expect(write).toEqual({ status: 200, body: {} });
    const started = (await call(`/v1/sessions/${session}/tasks/analyze_code`)).body;
    expect(started).toMatchObject({ task: "analyze_code", addedBy: { member: "alice", cwd: "/Users/ada/src/shop" } });
    // The analysis takes 2 s; the next prompt before then sees nothing yet.
    const early = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "UserPromptSubmit", { prompt: "next" }) });
    expect(early).toEqual({ status: 200, body: {} });
    await call(`/v1/sessions/${session}/tasks/analyze_code/wait?timeout=10`);
    const prompt = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "UserPromptSubmit", { prompt: "and now?" }) });
    const analysis = `Previous analysis (analyze_code, started by alice): Analysis complete: ${content.length} chars`;
    expect(prompt).toEqual({
      status: 200,
      body: {
        systemMessage: analysis,
        hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: analysis },
      },
    });
    // Popped: shown once.
    const again = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "UserPromptSubmit", { prompt: "again" }) });
    expect(again.body).toEqual({});
  });

  it("reports failed background tasks on the next prompt", async () => {
    const session = newSession("errors");
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "risky_task" } });
    await call(`/v1/sessions/${session}/tasks/risky_task/wait?timeout=10`);
    const prompt = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "UserPromptSubmit", { prompt: "hi" }) });
    expect(prompt.body).toEqual({ systemMessage: "Background task risky_task failed: Error: Something went wrong" });
  });

  it("never holds Stop for the analysis: it says so once the analysis is done", async () => {
    const session = newSession("stop");
    await call("/v1/hooks", {
      method: "POST",
      body: claudeEvent(session, "PreToolUse", {
        tool_name: "Write",
        tool_input: { file_path: "/Users/ada/src/shop/x.rb", content: "let x = 1;" },
        tool_use_id: "toolu_03",
      }),
    });
    // The analysis takes 2 s: Stop answers at once, with nothing to say yet.
    const early = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "Stop", { stop_hook_active: false }) });
    expect(early).toEqual({ status: 200, body: {} });
    expect((await call(`/v1/sessions/${session}/tasks/analyze_code`)).body.status).not.toBe("COMPLETED");
    await call(`/v1/sessions/${session}/tasks/analyze_code/wait?timeout=10`);
    const stopped = await call("/v1/hooks", { method: "POST", body: claudeEvent(session, "Stop", { stop_hook_active: false }) });
    expect(stopped).toEqual({ status: 200, body: { systemMessage: "Analysis finished: Analysis complete: 10 chars" } });
  });
});
