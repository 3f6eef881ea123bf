// The real Claude Code (pinned, from the npm registry) against a real local Worker, with the
// hooks written by our own `install`, in HTTP and in command mode. The model is a scripted
// stand-in on loopback (streaming, in the API's wire format), so Claude Code really writes
// files, runs its hooks and sends what they gave it to the model, where this suite reads it.
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from "vitest";
import { pathWithShim, removeCreatedDirs, runCli } from "../client/cli";
import { FORBIDDEN_IN_SKILLS, SESSION_START_CONTEXT } from "./fixture/greeting";
import { type ClaudeRun, hookTimings, hookTrouble, type Machine, newMachine, runClaude } from "./support/claude";
import { MESSAGES_API_KEY, type MessagesApi, startMessagesApi, type Turn } from "./support/messages-api";
import { TEAMMATE_TOKEN, TOKEN } from "./support/token";

const workerUrl = inject("workerUrl");
const binary = inject("claudeBinary");
const docsSiteUrl = inject("docsSiteUrl");

let api: MessagesApi;
/** The hooks' PATH: `fasthooks-workers` there, as a member's `npm install -g` puts it. */
let hooksPath: string;
/** A loopback port nothing listens on: a Worker that is down. */
let DOWN_URL: string;
const machines: Machine[] = [];

beforeAll(async () => {
  hooksPath = pathWithShim();
  api = await startMessagesApi();
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  DOWN_URL = `http://127.0.0.1:${(probe.address() as { port: number }).port}`;
  probe.close();
});
afterAll(async () => {
  removeCreatedDirs();
  await api.close();
});
afterEach(() => {
  for (const machine of machines.splice(0)) machine.dispose();
});

/** A fresh machine (HOME, TMPDIR, project) with our hooks installed in its project, as a user would. */
async function machineWithHooks(label: string, installArgs: string[], token = TOKEN): Promise<Machine> {
  const machine = newMachine(label);
  machines.push(machine);
  const install = await runCli(["install", ...installArgs], {
    env: { HOME: machine.home, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: token, CLAUDE_PROJECT_DIR: machine.project },
    cwd: machine.project,
  });
  expect(install, install.stderr).toMatchObject({ code: 0 });
  return machine;
}

function claude(
  machine: Machine,
  tag: string,
  prompt: string,
  turns: Turn[],
  extra: { resume?: string; url?: string; machineName?: string; token?: string } = {},
) {
  api.script(tag, turns);
  return runClaude({
    binary,
    machine,
    prompt: `[cc:${tag}] ${prompt}`,
    apiUrl: api.url,
    apiKey: MESSAGES_API_KEY,
    env: {
      PATH: hooksPath,
      FASTHOOKS_URL: extra.url ?? workerUrl,
      FASTHOOKS_TOKEN: extra.token ?? TOKEN,
      ...(extra.machineName ? { FASTHOOKS_MACHINE: extra.machineName } : {}),
    },
    ...(extra.resume ? { resume: extra.resume } : {}),
  });
}

/** Each hook Claude Code ran succeeded, and its debug file reports no trouble with any. */
function expectCleanHooks(run: ClaudeRun, events: string[]) {
  expect(run.code, run.stderr).toBe(0);
  expect(run.result).toMatchObject({ subtype: "success", is_error: false });
  expect(run.hooks.filter((hook) => hook.outcome !== "success")).toEqual([]);
  expect([...new Set(run.hooks.map((hook) => hook.event))].sort()).toEqual([...events].sort());
  expect(hookTrouble(run)).toEqual([]);
}

/** The text of everything a request gave the model, in order. */
const sentText = (request: { body: { messages: unknown[] } }) => JSON.stringify(request.body.messages);

async function waitForTask(session: string, key: string): Promise<any> {
  const res = await fetch(`${workerUrl}/v1/sessions/${session}/tasks/${key}/wait?timeout=30`, {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  return res.json();
}

/** A call to the Worker's REST API, as `token`'s member. */
async function rest(path: string, token: string, init: { method?: string; body?: unknown } = {}): Promise<any> {
  const res = await fetch(`${workerUrl}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return res.json();
}

describe.each([
  { mode: "http", installArgs: [] },
  { mode: "command", installArgs: ["--mode", "command"] },
])("Claude Code with $mode hooks", ({ mode, installArgs }) => {
  it("installs a command hook for SessionStart, which Claude Code never sends over HTTP", async () => {
    const machine = await machineWithHooks(`install-${mode}`, installArgs);
    const settings = JSON.parse(readFileSync(join(machine.project, ".claude", "settings.json"), "utf8"));
    expect(settings.hooks.SessionStart[0].hooks).toEqual([expect.objectContaining({ type: "command" })]);
    expect(settings.hooks.PreToolUse[0].hooks).toEqual([expect.objectContaining({ type: mode })]);
  });

  it("runs the Quick Start: a Write starts the analysis, the next prompt of the session gives it to the model", async () => {
    const machine = await machineWithHooks(`quick-${mode}`, installArgs);
    const tag = `quick-${mode}`;
    const file = join(machine.project, "hello.rb");
    const content = "puts 'hello'\n";

    const first = await claude(
      machine,
      tag,
      "Write hello.rb",
      [{ toolUse: { name: "Write", input: { file_path: file, content } } }, { text: "Written." }],
      { machineName: `ada-${mode}` },
    );
    expectCleanHooks(first, ["SessionStart", "UserPromptSubmit", "PreToolUse", "Stop"]);
    // Each ran the way install wrote it: SessionStart through the shim whatever the mode.
    expect(hookTimings(first).map(({ hook, type }) => [hook, type])).toEqual([
      ["SessionStart:startup", "command"],
      ["UserPromptSubmit", mode],
      ["PreToolUse:Write", mode],
      ["Stop", mode],
    ]);
    expect(readFileSync(file, "utf8")).toBe(content);
    const session = first.sessionId!;
    // The SessionStart handler's context reached the model with the first prompt.
    const [opening] = api.requests(tag);
    expect(opening!.headers["x-claude-code-session-id"]).toBe(session);
    expect(sentText(opening!)).toContain(`${SESSION_START_CONTEXT} (startup)`);

    // PreToolUse started the analysis in the Worker, in this very session, on the machine the
    // member named in FASTHOOKS_MACHINE (the HTTP hook's header, or the shim's).
    expect(await waitForTask(session, "analyze_code")).toMatchObject({
      status: "COMPLETED",
      value: `Analysis complete: ${content.length} chars`,
      addedBy: { machine: `ada-${mode}` },
    });

    const second = await claude(machine, tag, "What did the analysis say?", [{ text: "It counted the characters." }], { resume: session });
    expectCleanHooks(second, ["SessionStart", "UserPromptSubmit", "Stop"]);
    expect(second.sessionId).toBe(session);
    const asked = api.requests(tag).at(-1)!;
    const text = sentText(asked);
    // It says which task and member produced it (the token is ada's).
    const analysis = `Previous analysis (analyze_code, started by ada): Analysis complete: ${content.length} chars`;
    // Given to the model after the new prompt, not before it.
    expect(text.lastIndexOf(analysis)).toBeGreaterThan(text.lastIndexOf("What did the analysis say?"));
    // The analysis was handed out once: popped, so not in the store any more.
    expect(
      (await fetch(`${workerUrl}/v1/sessions/${session}/tasks/analyze_code`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(404);
  });

  it("stops a Write that a PreToolUse handler denies: the file is not written and the model is told why", async () => {
    const machine = await machineWithHooks(`deny-${mode}`, installArgs);
    const tag = `deny-${mode}`;
    const secrets = join(machine.project, ".env");
    const run = await claude(machine, tag, "Put the key in .env", [
      { toolUse: { name: "Write", input: { file_path: secrets, content: "API_KEY=123\n" } } },
      { text: "I was not allowed to." },
    ]);
    expectCleanHooks(run, ["SessionStart", "UserPromptSubmit", "PreToolUse", "Stop"]);
    expect(existsSync(secrets)).toBe(false);
    const [, afterTool] = api.requests(tag);
    expect(sentText(afterTool!)).toContain(`${secrets} holds secrets`);
  });

  it("keeps a skill's shell command from running when a PreSkillShellCommand handler denies it", async () => {
    const machine = await machineWithHooks(`skill-${mode}`, installArgs);
    const tag = `skill-${mode}`;
    mkdirSync(join(machine.project, ".claude", "commands"), { recursive: true });
    writeFileSync(
      join(machine.project, ".claude", "commands", "stamp.md"),
      `---\nallowed-tools: Bash(touch:*)\n---\nAllowed: !\`touch allowed.txt\`\nDenied: !\`touch ${FORBIDDEN_IN_SKILLS}.txt\`\n$ARGUMENTS\n`,
    );
    api.script(tag, [{ text: "Stamped." }]);
    // A slash command is only one at the start of the prompt: the scenario's tag goes in its arguments.
    const run = await runClaude({
      binary,
      machine,
      prompt: `/stamp [cc:${tag}]`,
      apiUrl: api.url,
      apiKey: MESSAGES_API_KEY,
      env: { PATH: hooksPath, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: TOKEN },
    });
    expectCleanHooks(run, ["SessionStart", "UserPromptSubmit", "PreSkillShellCommand", "Stop"]);
    expect(existsSync(join(machine.project, "allowed.txt"))).toBe(true);
    expect(existsSync(join(machine.project, `${FORBIDDEN_IN_SKILLS}.txt`))).toBe(false);
    // One hook per command, run the way install wrote it.
    expect(run.hooks.filter((hook) => hook.event === "PreSkillShellCommand")).toHaveLength(2);
    expect(hookTimings(run).find(({ hook }) => hook.startsWith("PreSkillShellCommand"))?.type).toBe(mode);
    const [request] = api.requests(tag);
    expect(sentText(request!)).toContain(`stamp may not run touch ${FORBIDDEN_IN_SKILLS}.txt (fasthooks fixture)`);
  });

  describe("when the Worker cannot answer", () => {
    /** Our hooks, pointed at a port nothing listens on, as if the Worker were down. */
    async function machineWithWorkerDown(label: string, failMode: string) {
      const machine = await machineWithHooks(label, [...installArgs, "--fail-mode", failMode]);
      const path = join(machine.project, ".claude", "settings.json");
      writeFileSync(path, readFileSync(path, "utf8").replaceAll(workerUrl, DOWN_URL));
      return machine;
    }

    it("fails closed: the Write is denied, the prompt still reaches the model and Claude stops as usual", async () => {
      const machine = await machineWithWorkerDown(`closed-${mode}`, "closed");
      const tag = `closed-${mode}`;
      const file = join(machine.project, "notes.txt");
      const run = await claude(
        machine,
        tag,
        "Write notes.txt",
        [{ toolUse: { name: "Write", input: { file_path: file, content: "x\n" } } }, { text: "Could not write." }],
        { url: DOWN_URL },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(existsSync(file)).toBe(false);
      // The prompt went through (no erased prompt), and the turn ended after the denied tool (no "keep going").
      expect(api.requests(tag)).toHaveLength(2);
      expect(run.result).toMatchObject({ subtype: "success", result: "Could not write." });
      const byEvent = Object.fromEntries(run.hooks.map((hook) => [hook.event, hook]));
      expect(byEvent.UserPromptSubmit?.outcome).toBe("error");
      expect(byEvent.Stop?.outcome).toBe("error");
      expect(byEvent.SessionStart?.outcome).toBe("error");
      // Claude Code's own onFailure "block", written by install, turned the failure into a block.
      expect(sentText(api.requests(tag)[1]!)).toMatch(/blocking because onFailure is \\"block\\"[^"]*ECONNREFUSED/);
    });

    it("fails open: the Write goes ahead and each hook reports its failure", async () => {
      const machine = await machineWithWorkerDown(`open-${mode}`, "open");
      const tag = `open-${mode}`;
      const file = join(machine.project, "notes.txt");
      const run = await claude(
        machine,
        tag,
        "Write notes.txt",
        [{ toolUse: { name: "Write", input: { file_path: file, content: "x\n" } } }, { text: "Written." }],
        { url: DOWN_URL },
      );
      expect(run.code, run.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toBe("x\n");
      expect(run.hooks.map((hook) => hook.outcome)).toEqual(run.hooks.map(() => "error"));
      expect(run.hooks.length).toBeGreaterThanOrEqual(4);
    });
  });
});

describe("the guide's memory lookup and documentation prefetch, through the real Claude Code (HTTP hooks)", () => {
  it("gives the model, on the next prompt, the team's memories the last prompt's search found", async () => {
    await rest("/v1/memory", TEAMMATE_TOKEN, {
      method: "POST",
      body: { text: "The fixture's staging database is wiped every Monday night.", project: "cc" },
    });
    const machine = await machineWithHooks("memory", []);
    const tag = "memory";
    const first = await claude(machine, tag, "Why is the staging database empty?", [{ text: "Let me think." }]);
    expectCleanHooks(first, ["SessionStart", "UserPromptSubmit", "Stop"]);
    const session = first.sessionId!;
    // The search ran as a task, on the prompt's terms (the tag's words among them), not the prompt.
    const search = await waitForTask(session, "search_memory");
    expect(search).toMatchObject({ status: "COMPLETED", value: [expect.objectContaining({ member: "bob", source: "note" })] });
    const second = await claude(machine, tag, "So what do I do?", [{ text: "Reload it." }], { resume: session });
    expectCleanHooks(second, ["SessionStart", "UserPromptSubmit", "Stop"]);
    const text = sentText(api.requests(tag).at(-1)!);
    const note = "note by bob (shared with the team, project cc, ";
    expect(text).toContain(note);
    expect(text).toContain("not instructions");
    expect(text).toContain("> The fixture's staging database is wiped every Monday night.");
    expect(text.lastIndexOf(note)).toBeGreaterThan(text.lastIndexOf("So what do I do?"));
  });

  it("prefetches a page on WebFetch into the team's store, and a teammate's WebFetch reuses it with no fetch", async () => {
    const url = `${docsSiteUrl}/cc/batching.html`;
    const hits = async () =>
      ((await (await fetch(`${docsSiteUrl}/__hits?path=${encodeURIComponent("/cc/batching.html")}`)).json()) as { hits: number }).hits;
    const webFetch = { toolUse: { name: "WebFetch", input: { url, prompt: "How are batches sized?" } } };

    const ada = await machineWithHooks("docs-ada", []);
    const first = await claude(ada, "docs-ada", "Read the batching page", [webFetch, { text: "Read." }]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.hooks.filter((hook) => hook.event === "PreToolUse").map((hook) => hook.outcome)).toEqual(["success"]);
    const key = encodeURIComponent(`doc:${url}`);
    const fetched = await rest(`/v1/team/tasks/${key}/wait?timeout=30`, TOKEN);
    expect(fetched).toMatchObject({ task: "fetch_documentation", status: "COMPLETED", addedBy: { member: "ada" } });
    // `claude -p` in acceptEdits mode asks no one: Claude Code denies the WebFetch itself after the
    // hook ran, so the one fetch of the page is the Worker's.
    expect(first.result?.permission_denials).toEqual([expect.objectContaining({ tool_name: "WebFetch" })]);
    expect(await hits()).toBe(1);

    const bob = await machineWithHooks("docs-bob", [], TEAMMATE_TOKEN);
    const second = await claude(bob, "docs-bob", "Read the batching page too", [webFetch, { text: "Read." }], { token: TEAMMATE_TOKEN });
    expect(second.code, second.stderr).toBe(0);
    // The team's copy was reused: the same run of the task, and the Worker fetched nothing more.
    expect(await rest(`/v1/team/tasks/${key}`, TEAMMATE_TOKEN)).toMatchObject({ createdAt: fetched.createdAt, attempts: 1 });
    const third = await claude(bob, "docs-bob", "What did it say?", [{ text: "Batches of ten." }], {
      token: TEAMMATE_TOKEN,
      resume: second.sessionId!,
    });
    expectCleanHooks(third, ["SessionStart", "UserPromptSubmit", "Stop"]);
    const text = sentText(api.requests("docs-bob").at(-1)!);
    expect(text).toContain(`Fetched content of ${url}`);
    expect(text).toContain("started by ada");
    expect(text).toContain("Consumer batches (/cc/batching.html)");
    expect(await hits()).toBe(1);
  });
});
