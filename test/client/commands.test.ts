// The team's CLI against a real local Worker: tasks ls/get/wait/cancel, sessions ls, doctor.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { claudeEvent, emptyDir, newSession, runCli, runCliInTerminal } from "./cli";
import { ALICE, BOB, CAROL } from "./tokens";

const url = inject("workerUrl");
const as = (token: string, extra: Record<string, string> = {}) => ({ FASTHOOKS_URL: url, FASTHOOKS_TOKEN: token, ...extra });

async function add(session: string, body: object, token = ALICE) {
  const res = await fetch(`${url}/v1/sessions/${session}/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(202);
}

describe("tasks", () => {
  it("waits for a task, then lists and gets it, as tables and as JSON", async () => {
    const session = newSession("cli");
    await add(session, { task: "double", args: [21], key: "answer" });
    const waited = await runCli(["tasks", "wait", "answer", "--session", session, "--timeout", "10"], { env: as(ALICE) });
    // Not a terminal: no progress on stderr.
    expect(waited).toEqual({ code: 0, stdout: "answer COMPLETED: 42\n", stderr: "" });

    const listed = await runCli(["tasks", "ls", "--session", session], { env: as(BOB) });
    const [header, row] = listed.stdout.trim().split("\n");
    expect(header).toMatch(/^KEY\s+TASK\s+STATUS\s+MEMBER\s+CREATED\s+RAN\s+COST\s+RESULT$/);
    expect(row).toMatch(/^answer\s+double\s+COMPLETED\s+alice\s+\d+s ago\s+\d+\.\ds\s+42$/);
    // Under the table, the team's Claude cost (GET /v1/team/stats).
    expect(listed.stdout).toMatch(/\nClaude cost of the team: \$\d+\.\d{4} today \(UTC\), \$\d+\.\d{4} in the last 30 days\n$/);

    const json = await runCli(["tasks", "ls", "--session", session, "--json"], { env: as(BOB) });
    expect(JSON.parse(json.stdout).tasks).toMatchObject([{ key: "answer", status: "COMPLETED", value: 42 }]);

    const got = await runCli(["tasks", "get", "answer", "--session", session], { env: as(ALICE) });
    expect(got.stdout).toBe("answer  double  COMPLETED  attempts 1\nadded by alice\nvalue:\n42\n");
  });

  it("lists every session's tasks when no session is given", async () => {
    const session = newSession("cli-all");
    await add(session, { task: "double", args: [1], key: "one" });
    const listed = await runCli(["tasks", "ls", "--json"], { env: as(ALICE) });
    const mine = JSON.parse(listed.stdout).sessions.find((s: { session: string }) => s.session === session);
    expect(mine.tasks.map((t: { key: string }) => t.key)).toEqual(["one"]);
  });

  it("cancels a pending task, and reports a finished one clearly", async () => {
    const session = newSession("cli-cancel");
    await add(session, { task: "analyze_code", args: ["x"], key: "slow" });
    const cancelled = await runCli(["tasks", "cancel", "slow", "--session", session], { env: as(ALICE) });
    expect(cancelled).toMatchObject({ code: 0, stdout: "slow CANCELLED\n" });
    const again = await runCli(["tasks", "cancel", "slow", "--session", session], { env: as(ALICE) });
    expect(again.code).toBe(1);
    expect(again.stderr).toBe('fasthooks-workers: "slow" is already CANCELLED\n');
  });

  it("shows the time waited on a terminal, then erases it for the answer", async () => {
    const session = newSession("tty");
    await add(session, { task: "analyze_code", args: ["abc"], key: "slow" }); // runs 2 s
    const waited = await runCliInTerminal(["tasks", "wait", "slow", "--session", session, "--timeout", "20"], { env: as(ALICE) });
    expect(waited.code).toBe(0);
    expect(waited.stdout).toMatch(/\rwaiting for slow: 1\.\ds/);
    expect(waited.stdout).toContain("\r\x1b[2Kslow COMPLETED: Analysis complete: 3 chars\r\n");
  });

  it("gives up waiting at its timeout with exit code 3", async () => {
    const session = newSession("cli-timeout");
    await add(session, { task: "analyze_code", args: ["x"], key: "slow" });
    const waited = await runCli(["tasks", "wait", "slow", "--session", session, "--timeout", "0.2"], { env: as(ALICE) });
    expect(waited).toMatchObject({ code: 3, stdout: "", stderr: "slow did not finish within 0.2 s\n" });
  });

  it("says what is missing", async () => {
    const noSession = await runCli(["tasks", "get", "k"], { env: as(ALICE) });
    expect(noSession).toMatchObject({ code: 1, stderr: expect.stringMatching(/--session S is needed/) });
    const unknown = await runCli(["tasks", "get", "nothing", "--session", "s1"], { env: as(ALICE) });
    expect(unknown).toMatchObject({ code: 1, stderr: 'fasthooks-workers: No task "nothing" in this session\n' });
  });
});

describe("text someone else chose", () => {
  // What a model (or a teammate's task) answered: a retitle (OSC 0), a screen clear, an 8-bit
  // CSI and a right-to-left override. Printed raw, the terminal would obey them.
  const hostile = "Fine.\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil";

  it("is shown with its control characters escaped, never obeyed; --json stays the same value", async () => {
    const fake = inject("fakeAnthropicUrl");
    const body = {
      id: "msg_escapes",
      type: "message",
      role: "assistant",
      model: "claude-haiku-5-5",
      content: [{ type: "text", text: hostile }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { input_tokens: 10, output_tokens: 10 },
    };
    await fetch(`${fake}/__scenario/cli-escapes`, { method: "POST", body: JSON.stringify({ steps: [{ body }] }) });
    const session = newSession("cli-escapes");
    await add(session, { task: "security_review", args: ["[fake:cli-escapes] eval(x)"], key: "review" });
    const env = as(ALICE);
    const outputs = [
      await runCli(["tasks", "wait", "review", "--session", session, "--timeout", "15"], { env }),
      await runCli(["tasks", "get", "review", "--session", session], { env }),
      await runCli(["tasks", "ls", "--session", session], { env }),
    ];
    for (const { code, stdout, stderr } of outputs) {
      expect(code, stderr + stdout).toBe(0);
      expect(stdout).toContain("Fine.\\x1b]0;pwned\\x07\\x1b[2J"); // a table cell is cut after this
      expect(stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    }
    expect(outputs[1]!.stdout).toContain("Fine.\\x1b]0;pwned\\x07\\x1b[2J\\x9b31m\\u202eevil");
    const json = await runCli(["tasks", "get", "review", "--session", session, "--json"], { env });
    expect(json.stdout).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u202e]/);
    expect(JSON.parse(json.stdout).value).toBe(hostile);
  });
});

describe("sessions ls", () => {
  it("lists the team's sessions, and nothing of another team's", async () => {
    const session = newSession("cli-sessions");
    await fetch(`${url}/v1/hooks`, {
      method: "POST",
      headers: { authorization: `Bearer ${BOB}`, "content-type": "application/json" },
      body: JSON.stringify(claudeEvent(session, "SessionStart", { source: "startup" })),
    });
    // The index is written in the background after the hook answered.
    let listed = { stdout: "" };
    await expect
      .poll(async () => {
        listed = await runCli(["sessions", "ls", "--json"], { env: as(ALICE) });
        return listed.stdout.includes(session);
      })
      .toBe(true);
    expect(JSON.parse(listed.stdout).sessions.find((s: { session: string }) => s.session === session)).toMatchObject({
      members: ["bob"],
    });
    const table = await runCli(["sessions", "ls"], { env: as(ALICE) });
    expect(table.stdout).toMatch(new RegExp(`^${session}\\s+bob\\s+\\d+s ago`, "m"));
    const carol = await runCli(["sessions", "ls", "--json"], { env: as(CAROL) });
    expect(carol.stdout).not.toContain(session);
  });
});

describe("doctor", () => {
  it("reports each problem on its own line", async () => {
    const home = emptyDir("home");
    const project = emptyDir("project");
    const run = await runCli(["doctor"], {
      env: { HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_URL: url, FASTHOOKS_TOKEN: "bad-token-00000000" },
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`problem: ${url} refused the token: check it against FASTHOOKS_TOKENS on the Worker\n`);
  });

  it("finds the hooks not installed, then nothing once they are", async () => {
    const home = emptyDir("home");
    const project = emptyDir("project");
    const env = { HOME: home, CLAUDE_PROJECT_DIR: project, ...as(ALICE) };
    const before = await runCli(["doctor"], { env, cwd: project });
    expect(before.code).toBe(1);
    expect(before.stdout.split("\n").filter((line) => line.includes("is not hooked"))).toEqual([
      "problem: PreToolUse is not hooked: run `fasthooks-workers install`",
      "problem: UserPromptSubmit is not hooked: run `fasthooks-workers install`",
      "problem: Stop is not hooked: run `fasthooks-workers install`",
    ]);
    await runCli(["install"], { env, cwd: project });
    const after = await runCli(["doctor"], { env, cwd: project });
    expect(after).toMatchObject({ code: 0, stdout: `No problems: ${url} answers, the token works, the hooks are installed.\n` });
    // Installed twice (project and user): Claude Code would call the Worker twice.
    await runCli(["install", "--scope", "user"], { env, cwd: project });
    const twice = await runCli(["doctor"], { env, cwd: project });
    expect(twice.stdout).toContain("problem: Stop is hooked in project and user settings: Claude Code will call twice\n");
  });

  it("reports what the Worker's deep health check finds missing", async () => {
    const { startLocalWorker } = await import("../support/local-worker.ts");
    const bare = await startLocalWorker({ [ALICE]: { team: "t", member: "alice" } });
    try {
      const run = await runCli(["doctor"], {
        env: { FASTHOOKS_URL: bare.url.origin, FASTHOOKS_TOKEN: ALICE, CLAUDE_PROJECT_DIR: emptyDir("project") },
      });
      expect(run.stdout).toContain("problem: the Worker's anthropicApiKey: missing: wrangler secret put ANTHROPIC_API_KEY\n");
    } finally {
      await bare.dispose();
    }
  });

  it("reports an unreachable Worker and a missing token", async () => {
    const project = emptyDir("project");
    mkdirSync(join(project, ".claude"));
    writeFileSync(join(project, ".claude", "fasthooks-workers.json"), JSON.stringify({ url: "http://127.0.0.1:9" }));
    const run = await runCli(["doctor"], { env: { CLAUDE_PROJECT_DIR: project } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/^problem: no token/m);
    expect(run.stdout).toMatch(/^problem: http:\/\/127\.0\.0\.1:9 is not reachable/m);
  });
});
