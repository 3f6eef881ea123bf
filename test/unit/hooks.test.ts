// The hook framework in plain Node, through TestClient: matchers, guards, order, blueprints,
// middleware, failures, the response rules and the 10,000-character cap.
import { describe, expect, it } from "vitest";
import {
  allow,
  approvePermission,
  ask,
  Blueprint,
  block,
  context,
  deny,
  denyPermission,
  HookApp,
  HookResponseError,
  stop,
} from "../../src/hooks";
import { compileMatcher, unionOfMatchers } from "../../src/hooks/matcher";
import { MockEvent, TestClient } from "../../src/hooks/testing";

describe("matchers, as Claude Code reads them", () => {
  it.each([
    ["Write", "Write", true],
    ["Write", "WriteFile", false],
    ["Write", "Edit", false],
    ["Edit|Write", "Write", true],
    ["Edit|Write", "MultiEdit", false],
    ["mcp__.*", "mcp__github__create_issue", true],
    ["mcp__.*", "Bash", false],
    ["Notebook.*", "NotebookEdit", true],
    ["*", "Anything", true],
    ["", "Anything", true],
  ] as const)("%s on %s: %s", (pattern, target, expected) => {
    expect(compileMatcher(pattern)(target)).toBe(expected);
  });

  it("refuses a broken regex with a clear error", () => {
    expect(() => compileMatcher("mcp__(")).toThrow(/nor a valid regex/);
  });

  it("merges an event's matchers into one for the settings file", () => {
    expect(unionOfMatchers(["Write", "Edit|Write", "MultiEdit"])).toBe("Write|Edit|MultiEdit");
    expect(unionOfMatchers(["Write", "mcp__.*"])).toBe("Write|(?:mcp__.*)");
    expect(unionOfMatchers(["Write", undefined])).toBeUndefined();
  });
});

describe("dispatch", () => {
  it("runs only the handlers whose matcher and guard accept the event", async () => {
    const seen: string[] = [];
    const app = new HookApp()
      .preTool("Write", () => void seen.push("write"))
      .preTool("Edit|Write", () => void seen.push("edit|write"))
      .preTool("mcp__.*", () => void seen.push("mcp"))
      .preTool(() => void seen.push("all"))
      .preTool("Bash", () => void seen.push("rm guard"), { when: (event) => event.tool_input.command.includes("rm ") });
    const client = new TestClient(app);
    await client.send(MockEvent.write("/p/a.ts", "x"));
    expect(seen).toEqual(["write", "edit|write", "all"]);
    seen.length = 0;
    await client.send(MockEvent.preToolUse("mcp__github__list", {}));
    await client.send(MockEvent.bash("ls"));
    await client.send(MockEvent.bash("rm -rf build"));
    expect(seen).toEqual(["mcp", "all", "all", "all", "rm guard"]);
  });

  it("stops at the first decision and combines the messages and context of the others", async () => {
    const ran: string[] = [];
    const app = new HookApp()
      .preTool("Bash", () => {
        ran.push("1");
        return [context("first context"), allow({ message: "first message" })];
      })
      .preTool("Bash", async () => {
        ran.push("2");
        return deny("no rm here");
      })
      .preTool("Bash", () => {
        ran.push("3");
        return deny("never reached");
      });
    expect(await new TestClient(app).send(MockEvent.bash("rm -rf /"))).toEqual({
      systemMessage: "first message",
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: "no rm here",
        additionalContext: "first context",
      },
    });
    expect(ran).toEqual(["1", "2"]);
  });

  it("composes blueprints and runs middleware around the handlers, outermost first", async () => {
    const order: string[] = [];
    const security = new Blueprint().preTool("Bash", () => void order.push("blueprint handler"));
    const app = new HookApp()
      .use(async (_event, _ctx, next) => {
        order.push("outer before");
        const responses = await next();
        order.push("outer after");
        return [...responses, allow({ message: "timed" })];
      })
      .use(async (_event, _ctx, next) => {
        order.push("inner before");
        return next();
      })
      .preTool("Bash", () => void order.push("app handler"))
      .include(security);
    const output = await new TestClient(app).send(MockEvent.bash("ls"));
    expect(order).toEqual(["outer before", "inner before", "app handler", "blueprint handler", "outer after"]);
    expect(output).toEqual({ systemMessage: "timed" });
  });

  it("lets middleware answer without calling the handlers", async () => {
    let handled = false;
    const app = new HookApp()
      .use(async (event, _ctx, next) =>
        event.hook_event_name === "PreToolUse" && event.tool_name === "Bash" ? [deny("Bash is off today")] : next(),
      )
      .preTool("Bash", () => {
        handled = true;
      });
    const output = await new TestClient(app).send(MockEvent.bash("ls"));
    expect(output.hookSpecificOutput?.permissionDecision).toBe("deny");
    expect(handled).toBe(false);
  });

  it("turns a throwing handler into a systemMessage and goes on, when not strict", async () => {
    const app = new HookApp()
      .onPrompt(function explodes() {
        throw new TypeError("boom");
      })
      .onPrompt(() => context("still here"));
    const output = await new TestClient(app, { strict: false }).send(MockEvent.userPromptSubmit("hi"));
    expect(output).toEqual({
      systemMessage: 'fasthooks: the UserPromptSubmit handler "explodes" failed (TypeError: boom); Claude goes on without it',
      hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: "still here" },
    });
  });

  it("throws in tests (strict) when a handler fails or answers what its event cannot take", async () => {
    const failing = new HookApp().onPrompt(() => {
      throw new Error("boom");
    });
    await expect(new TestClient(failing).send(MockEvent.userPromptSubmit("hi"))).rejects.toThrow("boom");
    const misused = new HookApp().onStop(() => ask("really?"));
    await expect(new TestClient(misused).send(MockEvent.stop())).rejects.toThrow(HookResponseError);
    await expect(new TestClient(misused).send(MockEvent.stop())).rejects.toThrow(/ask\(\) does not apply to Stop/);
    // In production the mistake is dropped and logged, and the hook still answers.
    expect(await new TestClient(misused, { strict: false }).send(MockEvent.stop())).toEqual({});
  });

  it("answers {} for an event nobody handles, known or not", async () => {
    const client = new TestClient(new HookApp().onStop(() => block("x")));
    expect(await client.send(MockEvent.of("SomeFutureEvent", { brand_new_field: [1, 2] }))).toEqual({});
    expect(await client.send(MockEvent.sessionStart())).toEqual({});
  });

  it("hands unknown events and unknown fields to generic handlers untouched", async () => {
    const app = new HookApp().on("SomeFutureEvent", (event) => allow({ message: JSON.stringify(event.brand_new_field) }));
    expect(await new TestClient(app).send(MockEvent.of("SomeFutureEvent", { brand_new_field: { a: 1 } }))).toEqual({
      systemMessage: '{"a":1}',
    });
  });
});

describe("responses, as the JSON Claude Code reads for each event", () => {
  const send = (app: HookApp, event: Parameters<TestClient["send"]>[0]) => new TestClient(app).send(event);

  it("PreToolUse: deny, ask, approve, context", async () => {
    expect(await send(new HookApp().preTool(() => ask("sure?")), MockEvent.bash("ls"))).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "sure?" },
    });
    expect(
      await send(new HookApp().preTool(() => approvePermission({ reason: "read-only", updatedInput: { command: "ls -a" } })), MockEvent.bash("ls")),
    ).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "allow",
        permissionDecisionReason: "read-only",
        updatedInput: { command: "ls -a" },
      },
    });
    // allow() is "no objection": Claude Code's own permission rules still apply.
    expect(await send(new HookApp().preTool(() => allow()), MockEvent.bash("ls"))).toEqual({});
  });

  it("PermissionRequest: approve and deny", async () => {
    expect(await send(new HookApp().onPermissionRequest(() => approvePermission()), MockEvent.permissionRequest("Bash", { command: "ls" }))).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } },
    });
    expect(
      await send(new HookApp().onPermissionRequest("Bash", () => denyPermission("not on main", { interrupt: true })), MockEvent.permissionRequest("Bash", { command: "git push" })),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: "not on main", interrupt: true } },
    });
  });

  it("Stop, SubagentStop, PostToolUse, UserPromptSubmit: block", async () => {
    for (const [app, event, name] of [
      [new HookApp().onStop(() => block("tests are failing")), MockEvent.stop(), "Stop"],
      [new HookApp().onSubagentStop(() => block("tests are failing")), MockEvent.subagentStop(), "SubagentStop"],
      [new HookApp().postTool("Write", () => block("tests are failing")), MockEvent.postToolUse("Write", { file_path: "/a", content: "" }, {}), "PostToolUse"],
      [new HookApp().onPrompt(() => block("tests are failing")), MockEvent.userPromptSubmit("go"), "UserPromptSubmit"],
    ] as const) {
      expect(await send(app, event), name).toEqual({ decision: "block", reason: "tests are failing" });
    }
  });

  it("SessionStart and UserPromptSubmit: context; any event: stop and suppressOutput", async () => {
    expect(await send(new HookApp().onSessionStart(() => context("branch: main"), { matcher: "startup" }), MockEvent.sessionStart("startup"))).toEqual({
      hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: "branch: main" },
    });
    expect(await send(new HookApp().onSessionStart(() => context("x"), { matcher: "startup" }), MockEvent.sessionStart("resume"))).toEqual({});
    expect(await send(new HookApp().onPreCompact(() => stop("out of budget")), MockEvent.preCompact())).toEqual({
      continue: false,
      stopReason: "out of budget",
    });
    expect(await send(new HookApp().onNotification(() => allow({ message: "noted", suppressOutput: true })), MockEvent.notification("waiting"))).toEqual({
      systemMessage: "noted",
      suppressOutput: true,
    });
  });

  it("cuts strings over 10,000 characters cleanly, saying so", async () => {
    const long = "word ".repeat(4000); // 20,000 characters
    const output = await send(new HookApp().onPrompt(() => [context(long), block(long)]), MockEvent.userPromptSubmit("x"));
    for (const text of [output.reason!, output.hookSpecificOutput!.additionalContext!]) {
      expect(text.length).toBeLessThanOrEqual(10_000);
      expect(text).toMatch(/\n\[\.\.\. \d+ more characters cut by fasthooks\]$/);
      const kept = text.slice(0, text.indexOf("\n[..."));
      expect(long.startsWith(kept)).toBe(true);
      const cut = Number(/(\d+) more/.exec(text)![1]);
      expect(kept.length + cut).toBe(long.length);
    }
    const short = await send(new HookApp().onPrompt(() => context("short")), MockEvent.userPromptSubmit("x"));
    expect(short.hookSpecificOutput?.additionalContext).toBe("short");
  });
});

describe("the listing for install", () => {
  it("names each handled event once, with one matcher covering all its handlers", () => {
    const app = new HookApp()
      .preTool("Write", () => {})
      .preTool("Edit|Write", () => {})
      .postTool(() => {})
      .postTool("Bash", () => {})
      .onPrompt(() => {});
    expect(app.events()).toEqual({
      events: [{ event: "PreToolUse", matcher: "Write|Edit" }, { event: "PostToolUse" }, { event: "UserPromptSubmit" }],
    });
  });
});
