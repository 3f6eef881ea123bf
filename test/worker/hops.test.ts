// Where a hook's handlers run, and what they wait for: inside the session's store, so the
// session's tasks cost no call; the team's store read in one call per hook, however the handlers
// read it; and, with the session's store out of reach, the hook still answered by the Worker.
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { createApi } from "../../src/api/create-api";
import { context, deny, HookApp } from "../../src/hooks";
import { durableBackend } from "../../src/store/durable-backend";
import { FOLLOWS_MAX } from "../../src/store/follows";
import { TEAM_SCOPE, Tasks } from "../../src/tasks/tasks";
import { claudeEvent, newSession, TOKENS } from "./helpers";
import { objectOf, QUEUE_SIDE_METHODS } from "./support/default-app-hooks";
import { traceHops } from "./support/hop-tracer";
import { double } from "./support/test-tasks";

const HOP_MS = 30;
const tracer = traceHops(env.SESSION_STORE, objectOf, QUEUE_SIDE_METHODS);
afterAll(() => tracer.stop());
afterEach(() => {
  tracer.setDelay(0);
  vi.restoreAllMocks();
});

const team = new Tasks(durableBackend(env.SESSION_STORE, "team-a"), { sessionId: TEAM_SCOPE, origin: { member: "bob" } });
const keysOf = (prompt: string) => prompt.split(" ").slice(1);

const app = new HookApp()
  // Follows: each key the session adds to the team's store.
  .preTool("Write", async function share(event, { team }) {
    for (const key of keysOf(event.tool_input.content)) await team.getOrAdd(double, [key.length], { key });
  })
  // Reads each key one after another, as a handler that knows nothing of hops would.
  .onPrompt(async function readInTurn(event, { tasks, team }) {
    if (!event.prompt.startsWith("turn")) return;
    const states = [];
    for (const key of keysOf(event.prompt)) states.push((await team.get(key))?.status ?? "none");
    await tasks.put("seen", states);
    return context(states.join(","));
  })
  // Reads keys it never added, side by side.
  .onPrompt(async function readTogether(event, { team }) {
    if (!event.prompt.startsWith("together")) return;
    const states = await Promise.all(keysOf(event.prompt).map((key) => team.get(key)));
    return context(states.map((state) => state?.status ?? "none").join(","));
  })
  // Pops a key, then reads it again in the same hook.
  .onPrompt(async function popThenRead(event, { team }) {
    if (!event.prompt.startsWith("pop")) return;
    const [key] = keysOf(event.prompt);
    await team.get(key!);
    const popped = await team.pop(key!);
    return context(`${JSON.stringify(popped)} then ${(await team.get(key!))?.status ?? "none"}`);
  })
  .preTool("Bash", () => deny("no shell here"));
const api = createApi(app);

/** The hook's answer; `settled` ends once what it left in the background (activity) has run. */
async function answer(event: Record<string, unknown>) {
  const ctx = createExecutionContext();
  const res = await api.fetch(
    new Request("http://fasthooks.test/v1/hooks", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.alice}`, "content-type": "application/json" },
      body: JSON.stringify(event),
    }),
    env,
    ctx,
  );
  return { status: res.status, body: (await res.json()) as any, settled: () => waitOnExecutionContext(ctx) };
}

async function hook(event: Record<string, unknown>) {
  const { settled, ...result } = await answer(event);
  await settled();
  return result;
}

const prompt = (session: string, text: string) => claudeEvent(session, "UserPromptSubmit", { prompt: text });
const write = (session: string, content: string) =>
  claudeEvent(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path: "/p/a.txt", content }, tool_use_id: "toolu_1" });

async function measured(event: Record<string, unknown>) {
  tracer.setDelay(HOP_MS, { "team index": 2_000 });
  const { result, trace } = await tracer.measure(() => answer(event));
  tracer.setDelay(0);
  await result.settled();
  return { ...result, trace, path: trace.onPath.map((call) => `${call.object}.${call.method}`) };
}

describe("a hook's calls", () => {
  it("reads every team key the session follows in one call, one key after another", async () => {
    const session = newSession("follow");
    const keys = Array.from({ length: 12 }, (_, i) => `shared-${session}-${i}`);
    expect((await hook(write(session, `keys ${keys.join(" ")}`))).status).toBe(200);
    await team.waitAll(keys, { timeout: 10 });
    const answer = await measured(prompt(session, `turn ${keys.join(" ")}`));
    expect(answer.body.hookSpecificOutput.additionalContext).toBe(keys.map(() => "COMPLETED").join(","));
    expect(answer.path).toEqual(["session store.hook", "team store.snapshot"]);
    expect(answer.trace.hops).toBe(2);
    // The session's own write (put) cost no call: it is the store's own method.
    expect(answer.path).not.toContain("session store.put");
  });

  it("reads keys it does not follow, asked for side by side, in one call", async () => {
    const session = newSession("together");
    const keys = Array.from({ length: 5 }, (_, i) => `other-${session}-${i}`);
    await team.add(double, [1], { key: keys[0] });
    await team.wait(keys[0]!, { timeout: 10 });
    const answer = await measured(prompt(session, `together ${keys.join(" ")}`));
    expect(answer.body.hookSpecificOutput.additionalContext).toBe(["COMPLETED", "none", "none", "none", "none"].join(","));
    expect(answer.path).toEqual(["session store.hook", "team store.snapshot"]);
  });

  it("sees its own change: a popped key is gone for the rest of the hook, for teammates too", async () => {
    const session = newSession("pop");
    const key = `pop-${session}`;
    expect((await hook(write(session, `keys ${key}`))).status).toBe(200);
    await team.wait(key, { timeout: 10 });
    const answer = await hook(prompt(session, `pop ${key}`));
    expect(answer.body.hookSpecificOutput.additionalContext).toBe(`${key.length * 2} then none`);
    expect(await team.get(key)).toBeNull();
  });

  it("follows at most FOLLOWS_MAX keys, the most recently used", async () => {
    const session = newSession("many");
    const keys = Array.from({ length: FOLLOWS_MAX + 5 }, (_, i) => `many-${session}-${String(i).padStart(3, "0")}`);
    expect((await hook(write(session, `keys ${keys.join(" ")}`))).status).toBe(200);
    await team.waitAll(keys, { timeout: 20 });
    // The newest FOLLOWS_MAX come in the snapshot with the first key read (the oldest); the four
    // others no longer followed are each read on their own.
    const answer = await measured(prompt(session, `turn ${keys.join(" ")}`));
    expect(answer.body.hookSpecificOutput.additionalContext).toBe(keys.map(() => "COMPLETED").join(","));
    expect(answer.path.filter((step) => step === "team store.get")).toHaveLength(4);
    expect(answer.path.filter((step) => step === "team store.snapshot")).toHaveLength(1);
  });

  it("runs in the Worker when the session's store is out of reach: a policy still decides", async () => {
    const session = newSession("unreachable");
    const broken = {
      ...env,
      SESSION_STORE: {
        idFromName: (name: string) => env.SESSION_STORE.idFromName(name),
        get: () => ({
          hook: () => Promise.reject(new Error("Network connection lost.")),
        }),
      },
    } as unknown as Env;
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const ctx = createExecutionContext();
    const res = await api.fetch(
      new Request("http://fasthooks.test/v1/hooks", {
        method: "POST",
        headers: { authorization: `Bearer ${TOKENS.alice}`, "content-type": "application/json" },
        body: JSON.stringify(claudeEvent(session, "PreToolUse", { tool_name: "Bash", tool_input: { command: "ls" }, tool_use_id: "t" })),
      }),
      broken,
      ctx,
    );
    await waitOnExecutionContext(ctx);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: "no shell here" },
    });
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/out of reach; its hook runs in the Worker/);
  });
});
