// The hook framework in plain Node, through TestClient: guards, order, blueprints, middleware,
// failures, the answers of each event, WorktreeCreate, oversized events. Matchers are in
// matchers.test.ts, every output against Claude Code's schema in hook-outputs.test.ts.
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  allow,
  approvePermission,
  ask,
  Blueprint,
  block,
  capText,
  context,
  defer,
  deny,
  denyPermission,
  displayContent,
  HookApp,
  HookRegistrationError,
  HookResponseError,
  respondElicitation,
  retry,
  stop,
  watchPaths,
} from "../../src/hooks";
import { MockEvent, TestClient } from "../../src/testing";

// What the framework logs when a handler fails (not strict) is expected here: captured, asserted.
afterEach(() => {
  vi.restoreAllMocks();
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

  it("refuses a middleware's second next(), naming it, so the handlers never run twice", async () => {
    let runs = 0;
    const app = new HookApp()
      .use(async function retriesTwice(_event, _ctx, next) {
        await next();
        return next();
      })
      .preTool("Bash", () => {
        runs++;
      });
    await expect(new TestClient(app).send(MockEvent.bash("ls"))).rejects.toThrow('next() called twice in the middleware "retriesTwice"');
    expect(runs).toBe(1);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const lenient = await new TestClient(app, { strict: false }).send(MockEvent.bash("ls"));
    expect(errors).toHaveBeenCalledExactlyOnceWith("fasthooks: a hook middleware failed for session test-session:", expect.any(Error));
    expect(lenient.systemMessage).toBe(
      'fasthooks: a hook middleware failed (Error: next() called twice in the middleware "retriesTwice"); Claude goes on without it',
    );
    expect(runs).toBe(2);
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
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const output = await new TestClient(app, { strict: false }).send(MockEvent.userPromptSubmit("hi"));
    // Logged with its stack for the operator; Claude gets one line.
    expect(errors).toHaveBeenCalledExactlyOnceWith(
      'fasthooks: the UserPromptSubmit handler "explodes" failed for session test-session:',
      expect.objectContaining({ name: "TypeError", message: "boom" }),
    );
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
    const misused = new HookApp().onStop(() => ask("really?") as never);
    await expect(new TestClient(misused).send(MockEvent.stop())).rejects.toThrow(HookResponseError);
    await expect(new TestClient(misused).send(MockEvent.stop())).rejects.toThrow(/ask\(\) does not apply to Stop/);
    // In production the mistake is dropped and logged, and the hook still answers.
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    expect(await new TestClient(misused, { strict: false }).send(MockEvent.stop())).toEqual({});
    expect(warnings).toHaveBeenCalledExactlyOnceWith(expect.stringMatching(/^fasthooks: ask\(\) does not apply to Stop; .*; ignored$/));
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
    expect(
      await send(
        new HookApp().preTool(() => ask("sure?")),
        MockEvent.bash("ls"),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "ask", permissionDecisionReason: "sure?" },
    });
    expect(
      await send(
        new HookApp().preTool(() => approvePermission({ reason: "read-only", updatedInput: { command: "ls -a" } })),
        MockEvent.bash("ls"),
      ),
    ).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "allow",
        permissionDecisionReason: "read-only",
        updatedInput: { command: "ls -a" },
      },
    });
    // allow() is "no objection": Claude Code's own permission rules still apply.
    expect(
      await send(
        new HookApp().preTool(() => allow()),
        MockEvent.bash("ls"),
      ),
    ).toEqual({});
  });

  it("PermissionRequest: approve and deny", async () => {
    expect(
      await send(
        new HookApp().onPermissionRequest(() => approvePermission()),
        MockEvent.permissionRequest("Bash", { command: "ls" }),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "allow" } },
    });
    expect(
      await send(
        new HookApp().onPermissionRequest("Bash", () => denyPermission("not on main", { interrupt: true })),
        MockEvent.permissionRequest("Bash", { command: "git push" }),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: "not on main", interrupt: true } },
    });
  });

  it("Stop, SubagentStop, PostToolUse, UserPromptSubmit: block", async () => {
    for (const [app, event, name] of [
      [new HookApp().onStop(() => block("tests are failing")), MockEvent.stop(), "Stop"],
      [new HookApp().onSubagentStop(() => block("tests are failing")), MockEvent.subagentStop(), "SubagentStop"],
      [
        new HookApp().postTool("Write", () => block("tests are failing")),
        MockEvent.postToolUse("Write", { file_path: "/a", content: "" }, {}),
        "PostToolUse",
      ],
      [new HookApp().onPrompt(() => block("tests are failing")), MockEvent.userPromptSubmit("go"), "UserPromptSubmit"],
    ] as const) {
      expect(await send(app, event), name).toEqual({ decision: "block", reason: "tests are failing" });
    }
  });

  it("SessionStart and UserPromptSubmit: context; any event: stop and suppressOutput", async () => {
    expect(
      await send(
        new HookApp().onSessionStart(() => context("branch: main"), { matcher: "startup" }),
        MockEvent.sessionStart("startup"),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "SessionStart", additionalContext: "branch: main" },
    });
    expect(
      await send(
        new HookApp().onSessionStart(() => context("x"), { matcher: "startup" }),
        MockEvent.sessionStart("resume"),
      ),
    ).toEqual({});
    expect(
      await send(
        new HookApp().onPreCompact(() => stop("out of budget")),
        MockEvent.preCompact(),
      ),
    ).toEqual({
      continue: false,
      stopReason: "out of budget",
    });
    expect(
      await send(
        new HookApp().onNotification(() => allow({ message: "noted", suppressOutput: true })),
        MockEvent.notification("waiting"),
      ),
    ).toEqual({
      systemMessage: "noted",
      suppressOutput: true,
    });
  });

  it("sends long text whole: Claude Code saves text over 10,000 characters to a file and shows a preview", async () => {
    const long = "word ".repeat(4000); // 20,000 characters
    const output = await send(
      new HookApp().onPrompt(() => [context(long), allow({ message: long })]),
      MockEvent.userPromptSubmit("x"),
    );
    expect(output).toEqual({ systemMessage: long, hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: long } });
    // capText stays for a handler that wants a shorter text of its own.
    expect(capText(long, 100)).toMatch(/^word .*\n\[\.\.\. \d+ more characters cut by fasthooks\]$/s);
  });

  it("PreToolUse: defer, for an SDK host to decide later", async () => {
    expect(
      await send(
        new HookApp().preTool("Bash", () => defer("the host decides")),
        MockEvent.bash("deploy"),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "defer", permissionDecisionReason: "the host decides" },
    });
  });

  it("PermissionRequest: ask leaves the decision to Claude Code's dialog, saying why", async () => {
    expect(
      await send(
        new HookApp().onPermissionRequest(() => ask("a person should look")),
        MockEvent.permissionRequest("Bash", { command: "x" }),
      ),
    ).toEqual({
      systemMessage: "a person should look",
    });
  });

  it("context() on Stop, SubagentStop, PostToolBatch, UserPromptExpansion, Setup, Notification, PostModelSwitch", async () => {
    const cases = [
      [new HookApp().onStop(() => context("also run the linter")), MockEvent.stop()],
      [new HookApp().onSubagentStop(() => context("x")), MockEvent.subagentStop()],
      [new HookApp().onPostToolBatch(() => context("x")), MockEvent.postToolBatch([])],
      [new HookApp().onUserPromptExpansion(() => context("x"), { matcher: "review-pr" }), MockEvent.userPromptExpansion("review-pr")],
      [new HookApp().on("Setup", () => context("x")), MockEvent.setup()],
      [new HookApp().onNotification(() => context("x")), MockEvent.notification("waiting")],
      [new HookApp().on("PostModelSwitch", () => context("x")), MockEvent.postModelSwitch()],
    ] as const;
    for (const [app, event] of cases) {
      const output = await send(app, event);
      expect(output.hookSpecificOutput, event.hook_event_name).toEqual({
        hookEventName: event.hook_event_name,
        additionalContext: expect.any(String),
      });
    }
  });

  it("block() where Claude Code honours it: PostToolBatch, PreCompact, TaskCreated, ConfigChange...", async () => {
    for (const [app, event] of [
      [new HookApp().onPostToolBatch(() => block("stop here")), MockEvent.postToolBatch([])],
      [new HookApp().onPreCompact(() => block("not now")), MockEvent.preCompact()],
      [new HookApp().on("TaskCreated", () => block("no")), MockEvent.taskCreated()],
      [new HookApp().on("ConfigChange", () => block("no")), MockEvent.configChange()],
    ] as const) {
      expect(await send(app, event)).toEqual({ decision: "block", reason: expect.any(String) });
    }
  });

  it("MessageDisplay: displayContent replaces the streamed lines on screen", async () => {
    const app = new HookApp().onMessageDisplay((event) => (event.delta.includes("sk-") ? displayContent("[key hidden]\n") : undefined));
    expect(await send(app, MockEvent.messageDisplay("your key is sk-123\n"))).toEqual({
      hookSpecificOutput: { hookEventName: "MessageDisplay", displayContent: "[key hidden]\n" },
    });
    expect(await send(app, MockEvent.messageDisplay("hello\n"))).toEqual({});
  });

  it("PermissionDenied: retry; FileChanged: watchPaths; Elicitation: an answer", async () => {
    expect(
      await send(
        new HookApp().onPermissionDenied("Bash", () => retry()),
        MockEvent.permissionDenied("Bash", { command: "ls" }),
      ),
    ).toEqual({
      hookSpecificOutput: { hookEventName: "PermissionDenied", retry: true },
    });
    const watch = new HookApp().onFileChanged(() => watchPaths(["/p/.env.local"]), { matcher: ".envrc" });
    expect(await send(watch, MockEvent.fileChanged("/p/.envrc"))).toEqual({
      hookSpecificOutput: { hookEventName: "FileChanged", watchPaths: ["/p/.env.local"] },
    });
    const answer = new HookApp().on("Elicitation", "github", () => respondElicitation("accept", { repo: "shop" }));
    expect(await send(answer, MockEvent.elicitation("github"))).toEqual({
      hookSpecificOutput: { hookEventName: "Elicitation", action: "accept", content: { repo: "shop" } },
    });
  });
});

describe("WorktreeCreate", () => {
  it("answers the path the handler returns", async () => {
    const app = new HookApp().onWorktreeCreate((event) => `/home/dev/worktrees/${event.name}`);
    expect(await new TestClient(app).send(MockEvent.worktreeCreate("cart"))).toEqual({
      hookSpecificOutput: { hookEventName: "WorktreeCreate", worktreePath: "/home/dev/worktrees/cart" },
    });
  });

  it("cannot be registered without a way to give the path", () => {
    expect(() => new HookApp().on("WorktreeCreate", () => {})).toThrow(HookRegistrationError);
    expect(() => new HookApp().on("WorktreeCreate", () => {})).toThrow(/onWorktreeCreate/);
    const twice = new HookApp().onWorktreeCreate(() => "/a");
    expect(() => twice.onWorktreeCreate(() => "/b")).toThrow(/Only one WorktreeCreate handler/);
    expect(() => twice.include(new Blueprint().onWorktreeCreate(() => "/c"))).toThrow(/Only one WorktreeCreate handler/);
  });

  it("fails the creation, saying why, when the handler gives no path", async () => {
    const app = new HookApp().onWorktreeCreate(() => "" as string);
    await expect(new TestClient(app).send(MockEvent.worktreeCreate())).rejects.toThrow(/must return the worktree's path; it returned ""/);
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const warnings = vi.spyOn(console, "warn").mockImplementation(() => {});
    const output = await new TestClient(app, { strict: false }).send(MockEvent.worktreeCreate());
    expect(errors).toHaveBeenCalledExactlyOnceWith(
      'fasthooks: the WorktreeCreate handler "WorktreeCreate handler" failed for session test-session:',
      expect.objectContaining({ name: "HookResponseError" }),
    );
    expect(warnings).toHaveBeenCalledExactlyOnceWith(
      "fasthooks: WorktreeCreate was answered without a worktree path, so Claude Code fails to create it (session test-session)",
    );
    expect(output.hookSpecificOutput).toBeUndefined();
    expect(output.systemMessage).toMatch(/must return the worktree's path/);
  });
});

describe("a skill's shell command (PreSkillShellCommand)", () => {
  const app = new HookApp().on("PreSkillShellCommand", "Bash", (event) => {
    if (event.tool_input.command.includes("git push")) return deny(`${event.command_name} may not push`);
  });

  it("is denied with the PreToolUse shape Claude Code reads there, and matched by its shell", async () => {
    expect(await new TestClient(app).send(MockEvent.preSkillShellCommand("git push origin main", "ship"))).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreSkillShellCommand",
        permissionDecision: "deny",
        permissionDecisionReason: "ship may not push",
      },
    });
    expect(await new TestClient(app).send(MockEvent.preSkillShellCommand("git push", "ship", { tool_name: "PowerShell" }))).toEqual({});
    expect(await new TestClient(app).send(MockEvent.preSkillShellCommand("git status"))).toEqual({});
  });

  it("takes no ask(): a skill cannot wait for a person, Claude Code would only refuse the command", async () => {
    // @ts-expect-error: ask() is not a PreSkillShellCommand answer
    const asking = new HookApp().on("PreSkillShellCommand", () => ask("sure?"));
    await expect(new TestClient(asking).send(MockEvent.preSkillShellCommand("ls"))).rejects.toThrow(
      /ask\(\) does not apply to PreSkillShellCommand; it applies to PreToolUse, PreModelSwitch, PermissionRequest/,
    );
  });
});

describe("events too large to read whole", () => {
  const huge = "x".repeat(1024 * 1024 + 10);

  it("still get a decision from a handler that judges by the path, whatever the content's size", async () => {
    let seen: string | undefined;
    const app = new HookApp().preTool(
      "Write",
      (event, { cut }) => {
        seen = `${event.tool_input.content.length} ${cut?.join()}`;
        if (event.tool_input.file_path.toLowerCase().endsWith(".env")) return deny("secrets");
      },
      { whenCut: "run" },
    );
    expect((await new TestClient(app).send(MockEvent.write("/p/.ENV", huge))).hookSpecificOutput?.permissionDecision).toBe("deny");
    expect(seen).toMatch(/^\d+ tool_input\.content$/);
    expect(Number(seen!.split(" ")[0])).toBeLessThan(10_000);
  });

  it("ask by default on PreToolUse: a policy that cannot see all of a call does not let it through", async () => {
    let called = false;
    const approver = new HookApp()
      .preTool("Write", () => {
        called = true;
      })
      .preTool("Write", () => approvePermission());
    const output = await new TestClient(approver).send(MockEvent.write("/p/a.txt", huge));
    expect(called).toBe(false);
    expect(output.hookSpecificOutput).toEqual({
      hookEventName: "PreToolUse",
      permissionDecision: "ask",
      permissionDecisionReason: expect.stringMatching(/This Write call is over 1048576 bytes.*tool_input\.content cut.*you decide/),
    });
  });

  it("skip the handlers that asked to be skipped; small events reach every handler whole", async () => {
    const ran: string[] = [];
    const app = new HookApp()
      .preTool("Write", () => void ran.push("analysis"), { whenCut: "skip" })
      .preTool("Write", (_event, { cut }) => void ran.push(`policy ${cut?.length}`), { whenCut: "run" });
    await new TestClient(app).send(MockEvent.write("/p/a.txt", huge));
    await new TestClient(app).send(MockEvent.write("/p/a.txt", "small"));
    expect(ran).toEqual(["policy 1", "analysis", "policy 0"]);
  });

  it("refuse whenCut: ask where the event cannot ask", () => {
    expect(() => new HookApp().onPrompt(() => {}, { whenCut: "ask" })).toThrow(/whenCut: "ask" needs an event that can ask/);
    // A skill's shell command is a decision, but a skill cannot wait for a person: its handlers run.
    expect(() => new HookApp().on("PreSkillShellCommand", () => {}, { whenCut: "ask" })).toThrow(/needs an event that can ask/);
  });
});
