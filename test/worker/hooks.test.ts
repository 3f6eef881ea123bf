// POST /v1/hooks in workerd: real-shaped Claude Code events in, the exact hook output JSON out,
// for a test app with a handler per event (the default app's are in src/app/hooks.test.ts).
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/create-api";
import { allow, approvePermission, ask, block, context, deny, HookApp } from "../../src/hooks";
import { HANDLER_WAIT_BUDGET_MS, HOOK_TIMEOUT_SECONDS } from "../../src/hooks/settings-fragment";
import { LIMITS } from "../../src/tasks/limits";
import { call, claudeEvent, eventually, newSession, TOKENS } from "./helpers";

const testApp = new HookApp()
  .preTool("Bash", (event) => (event.tool_input.command.startsWith("rm -rf") ? deny("not in this repo") : undefined))
  .preTool("Edit", (event) => context(`editing ${event.tool_input.file_path}`))
  .onPermissionRequest("Bash", () => approvePermission())
  .postTool("Write", (event) => (event.tool_input.file_path.endsWith(".py") ? block("run ruff first") : undefined))
  .on("PostToolUseFailure", (event) => context(`failed: ${String(event.error)}`))
  .onPrompt((event) => (event.prompt.includes("deploy") ? block("no deploys on Friday") : context("team rules: be brief")))
  .onStop((event) => (event.stop_hook_active ? undefined : block("tests are not run yet")))
  .onSubagentStop(() => allow({ message: "subagent done" }))
  .onSessionStart(() => context("branch: main"), { matcher: "startup|resume" })
  .onSessionEnd(() => allow({ message: "bye" }))
  .onPreCompact(() => allow({ message: "compacting" }))
  .onNotification(() => allow({ suppressOutput: true }))
  .on("SubagentStart", () => context("you are a subagent"))
  .on("PermissionDenied", () => allow({ message: "denied, noted" }))
  .onPrompt(function alwaysFails(event) {
    if (event.prompt === "explode") throw new RangeError("handler bug");
  });

const testApi = createApi(testApp);

// What the Worker logs of a handler's failure is expected here: captured, asserted.
afterEach(() => {
  vi.restoreAllMocks();
});

async function post(body: unknown, token: string | null = TOKENS.alice, raw?: string) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token) headers.authorization = `Bearer ${token}`;
  const ctx = createExecutionContext();
  const res = await testApi.fetch(
    new Request("http://fasthooks.test/v1/hooks", { method: "POST", headers, body: raw ?? JSON.stringify(body) }),
    env,
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

describe("each event, shaped as Claude Code sends it", () => {
  const s = "4f2a7c1e-9b3d-4e8f-a1c2-3d4e5f6a7b8c";
  const cases: [string, Record<string, unknown>, unknown][] = [
    [
      "PreToolUse Bash, denied",
      claudeEvent(s, "PreToolUse", {
        tool_name: "Bash",
        tool_input: { command: "rm -rf node_modules", description: "Clean install" },
        tool_use_id: "toolu_01ABC",
      }),
      { hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "not in this repo" } },
    ],
    [
      "PreToolUse Bash, no objection",
      claudeEvent(s, "PreToolUse", { tool_name: "Bash", tool_input: { command: "npm test" }, tool_use_id: "toolu_01ABD" }),
      {},
    ],
    [
      "PreToolUse Edit, context",
      claudeEvent(s, "PreToolUse", {
        tool_name: "Edit",
        tool_input: { file_path: "/Users/ada/src/shop/cart.ts", old_string: "a", new_string: "b", replace_all: false },
        tool_use_id: "toolu_01ABE",
      }),
      { hookSpecificOutput: { hookEventName: "PreToolUse", additionalContext: "editing /Users/ada/src/shop/cart.ts" } },
    ],
    [
      "PermissionRequest",
      claudeEvent(s, "PermissionRequest", {
        tool_name: "Bash",
        tool_input: { command: "npm install" },
        permission_suggestions: [{ type: "addRules", rules: [{ toolName: "Bash" }], behavior: "allow", destination: "localSettings" }],
      }),
      { hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } } },
    ],
    [
      "PostToolUse",
      claudeEvent(s, "PostToolUse", {
        tool_name: "Write",
        tool_input: { file_path: "/Users/ada/src/shop/app.py", content: "print(1)" },
        tool_response: { filePath: "/Users/ada/src/shop/app.py", success: true },
        tool_use_id: "toolu_01ABF",
      }),
      { decision: "block", reason: "run ruff first" },
    ],
    [
      "PostToolUseFailure",
      claudeEvent(s, "PostToolUseFailure", {
        tool_name: "Bash",
        tool_input: { command: "npm test" },
        tool_use_id: "toolu_01ABG",
        error: "Exit code 1",
        is_interrupt: false,
      }),
      { hookSpecificOutput: { hookEventName: "PostToolUseFailure", additionalContext: "failed: Exit code 1" } },
    ],
    [
      "UserPromptSubmit, context",
      claudeEvent(s, "UserPromptSubmit", { prompt: "add a cart total" }),
      { hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "team rules: be brief" } },
    ],
    [
      "UserPromptSubmit, blocked",
      claudeEvent(s, "UserPromptSubmit", { prompt: "deploy it" }),
      { decision: "block", reason: "no deploys on Friday" },
    ],
    ["Stop", claudeEvent(s, "Stop", { stop_hook_active: false }), { decision: "block", reason: "tests are not run yet" }],
    ["Stop, already continuing", claudeEvent(s, "Stop", { stop_hook_active: true }), {}],
    [
      "SubagentStop",
      claudeEvent(s, "SubagentStop", { stop_hook_active: false, agent_id: "a1", agent_type: "general-purpose" }),
      { systemMessage: "subagent done" },
    ],
    [
      "SubagentStart",
      claudeEvent(s, "SubagentStart", { agent_id: "a1", agent_type: "Explore" }),
      { hookSpecificOutput: { hookEventName: "SubagentStart", additionalContext: "you are a subagent" } },
    ],
    [
      "SessionStart startup",
      claudeEvent(s, "SessionStart", { source: "startup", model: "claude-sonnet-4-5" }),
      { hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: "branch: main" } },
    ],
    ["SessionStart clear (not matched)", claudeEvent(s, "SessionStart", { source: "clear" }), {}],
    ["SessionEnd", claudeEvent(s, "SessionEnd", { reason: "prompt_input_exit" }), { systemMessage: "bye" }],
    ["PreCompact", claudeEvent(s, "PreCompact", { trigger: "auto", custom_instructions: "" }), { systemMessage: "compacting" }],
    [
      "Notification",
      claudeEvent(s, "Notification", { message: "Claude needs your permission to use Bash", notification_type: "permission_prompt" }),
      { suppressOutput: true },
    ],
    [
      "PermissionDenied (any event, by name)",
      claudeEvent(s, "PermissionDenied", { tool_name: "Bash", tool_input: { command: "x" }, reason: "user" }),
      { systemMessage: "denied, noted" },
    ],
    ["an event Claude Code may add later, with fields of its own", claudeEvent(s, "SomethingNew", { shiny: { nested: true } }), {}],
  ];

  it.each(cases)("%s", async (_name, event, expected) => {
    const answer = await post(event);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual(expected);
  });

  it("lets unknown fields through to the handler", async () => {
    const answer = await post({ ...claudeEvent(s, "UserPromptSubmit", { prompt: "hi" }), future_field: 1 });
    expect(answer).toEqual({
      status: 200,
      body: { hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "team rules: be brief" } },
    });
  });

  it("answers a failing handler with a 200 systemMessage, without a stack", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const answer = await post(claudeEvent(s, "UserPromptSubmit", { prompt: "explode" }));
    // The stack goes to the Worker's log, with the session, for whoever runs it.
    expect(errors).toHaveBeenCalledExactlyOnceWith(
      `fasthooks: the UserPromptSubmit handler "alwaysFails" failed for session ${s}:`,
      expect.objectContaining({ name: "RangeError", message: "handler bug" }),
    );
    expect(answer.status).toBe(200);
    expect(answer.body.systemMessage).toBe(
      'fasthooks: the UserPromptSubmit handler "alwaysFails" failed (RangeError: handler bug); Claude goes on without it',
    );
    expect(JSON.stringify(answer.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe("bad requests", () => {
  const s = newSession("hooks-bad");
  it.each([
    ["no token", [claudeEvent(s, "Stop", {}), null], 401, "unauthorized"],
    ["a wrong token", [claudeEvent(s, "Stop", {}), "nope-nope-nope-nope"], 401, "unauthorized"],
    ["malformed JSON", [undefined, TOKENS.alice, "{hook_event_name:"], 400, "invalid_json"],
    ["no event name", [{ session_id: s }, TOKENS.alice], 400, "invalid_event"],
    ["no session id", [{ hook_event_name: "Stop" }, TOKENS.alice], 400, "invalid_event"],
    ["a session id with a path in it", [claudeEvent("../../etc", "Stop", {}), TOKENS.alice], 400, "invalid_session"],
    [
      "an event too big even with its strings cut",
      [claudeEvent(s, "PostToolBatch", { tool_calls: Array.from({ length: 500_000 }, (_, i) => i) }), TOKENS.alice],
      413,
      "payload_too_large",
    ],
  ] as const)("refuses %s", async (_name, [body, token, raw], status, code) => {
    const answer = await post(body, token, raw);
    expect(answer.status).toBe(status);
    expect(answer.body.error.code).toBe(code);
  });
});

describe("the team index", () => {
  it("marks the session as seen by its member in the team index", async () => {
    const session = newSession("seen");
    await call("/v1/hooks", { method: "POST", token: TOKENS.bob, body: claudeEvent(session, "SessionStart", { source: "startup" }) });
    const listing = await eventually(
      () => call("/v1/sessions", { token: TOKENS.bob }),
      ({ body }) => body.sessions.some((summary: { session: string }) => summary.session === session),
    );
    expect(listing.body.sessions.find((summary: { session: string }) => summary.session === session).members).toEqual(["bob"]);
  });
});

describe("who added a task, as a hook tells", () => {
  it("keeps the working directory up to LIMITS.cwdMaxChars: a task's origin never outgrows the lists it is in", async () => {
    const session = newSession("cwd");
    const cwd = `/${"d".repeat(900 * 1024)}`;
    const write = claudeEvent(session, "PreToolUse", {
      tool_name: "Write",
      tool_input: { file_path: "/p/a.txt", content: "abc" },
      tool_use_id: "t",
    });
    expect((await call("/v1/hooks", { method: "POST", body: { ...write, cwd } })).status).toBe(200);
    const added = (await call(`/v1/sessions/${session}/tasks/double`)).body;
    expect(added.addedBy.cwd).toBe(cwd.slice(0, LIMITS.cwdMaxChars));
  });
});

describe("a handler's waits", () => {
  it("end within the hook's own timeout, not a minute later when Claude Code has given up", async () => {
    // The handler says when its waits end (Tasks' deadline); wait.test.ts shows a wait stops there.
    const api = createApi(new HookApp().onPrompt((_event, { tasks, team }) => context(JSON.stringify([tasks.deadline, team.deadline]))));
    const before = Date.now();
    const res = await api.fetch(
      new Request("http://fasthooks.test/v1/hooks", {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS.alice}` },
        body: JSON.stringify(claudeEvent(newSession("budget"), "UserPromptSubmit", { prompt: "hi" })),
      }),
      env,
      createExecutionContext(),
    );
    const after = Date.now();
    const [session, team] = JSON.parse(((await res.json()) as any).hookSpecificOutput.additionalContext) as number[];
    expect(team).toBe(session);
    expect(session).toBeGreaterThanOrEqual(before + HANDLER_WAIT_BUDGET_MS);
    expect(session).toBeLessThanOrEqual(after + HANDLER_WAIT_BUDGET_MS);
    expect(HANDLER_WAIT_BUDGET_MS).toBeLessThan(HOOK_TIMEOUT_SECONDS * 1000);
  });
});

describe("strict mode (FASTHOOKS_STRICT=1, as in .dev.vars.example)", () => {
  it("shows a handler's mistake in Claude Code instead of dropping it", async () => {
    const misused = createApi(new HookApp().onStop(() => ask("not for Stop") as never));
    const event = claudeEvent("strict-session", "Stop", { stop_hook_active: false });
    const send = async (strict: boolean) => {
      const res = await misused.fetch(
        new Request("http://fasthooks.test/v1/hooks", {
          method: "POST",
          headers: { "content-type": "application/json", authorization: `Bearer ${TOKENS.alice}` },
          body: JSON.stringify(event),
        }),
        { ...env, ...(strict ? { FASTHOOKS_STRICT: "1" } : {}) },
        createExecutionContext(),
      );
      return { status: res.status, body: await res.json() };
    };
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    // Deployed: dropped, with a warning in the Worker's log.
    expect(await send(false)).toEqual({ status: 200, body: {} });
    expect(warnings).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^fasthooks: ask\(\) does not apply to Stop; .*; ignored$/));
    expect(errors).not.toHaveBeenCalled();
    expect(await send(true)).toEqual({
      status: 200,
      body: {
        systemMessage:
          'fasthooks (FASTHOOKS_STRICT=1): HookResponseError: ask() does not apply to Stop; it applies to PreToolUse, PreModelSwitch, PermissionRequest (from the Stop handler "Stop handler")',
      },
    });
    expect(errors).toHaveBeenCalledExactlyOnceWith(
      "fasthooks: Stop in session strict-session:",
      expect.objectContaining({ name: "HookResponseError" }),
    );
  });
});
