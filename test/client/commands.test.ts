// The team's CLI against a real local Worker: tasks ls/get/wait/cancel (of a session or the
// team's store), sessions ls, every page of a list, help, and what each exit code means.
import { once } from "node:events";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { claudeEvent, emptyDir, newSession, runCli, runCliInTerminal } from "./cli";
import { ALICE, BOB, CAROL, PAGES } from "./tokens";

const url = inject("workerUrl");
const as = (token: string, extra: Record<string, string> = {}) => ({ FASTHOOKS_URL: url, FASTHOOKS_TOKEN: token, ...extra });

/** Adds a task to a session, or to the team-wide store when `session` is null. */
async function add(session: string | null, body: object, token = ALICE) {
  const res = await fetch(`${url}/v1/${session === null ? "team" : `sessions/${session}`}/tasks`, {
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
    expect(again.code).toBe(6);
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

  it("prints a failed task's error and exits 1, apart from a timeout (3) or a missing task (6)", async () => {
    const session = newSession("cli-failed");
    await add(session, { task: "risky_task", key: "risky" });
    const waited = await runCli(["tasks", "wait", "risky", "--session", session, "--timeout", "10"], { env: as(ALICE) });
    expect(waited).toEqual({ code: 1, stdout: "risky FAILED: Error: Something went wrong\n", stderr: "" });
    const json = await runCli(["tasks", "wait", "risky", "--session", session, "--json"], { env: as(ALICE) });
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ status: "FAILED", error: { name: "Error", message: "Something went wrong" } });
  });

  it("says what is missing", async () => {
    const noSession = await runCli(["tasks", "get", "k"], { env: as(ALICE) });
    expect(noSession).toMatchObject({ code: 2, stderr: expect.stringMatching(/tasks get needs --session S .* or --team\n$/) });
    const both = await runCli(["tasks", "get", "k", "--session", "s1", "--team"], { env: as(ALICE) });
    expect(both).toMatchObject({ code: 2, stderr: expect.stringMatching(/--session and --team name different stores/) });
    const unknown = await runCli(["tasks", "get", "nothing", "--session", "s1"], { env: as(ALICE) });
    expect(unknown).toMatchObject({ code: 6, stderr: 'fasthooks-workers: No task "nothing" in this session\n' });
  });

  it("takes --timeout in plain decimal seconds only, as the REST API does", async () => {
    for (const timeout of ["0x10", "1e3", "", "-1", "10s"]) {
      const run = await runCli(["tasks", "wait", "k", "--session", "s1", `--timeout=${timeout}`], { env: as(ALICE) });
      expect(run, timeout).toMatchObject({
        code: 2,
        stdout: "",
        stderr: `fasthooks-workers: --timeout must be plain decimal seconds, such as 10 or 0.5, not "${timeout}"\n`,
      });
    }
  });
});

describe("the team-wide store (--team)", () => {
  it("lists, waits for, gets and cancels the team's tasks, apart from any session's", async () => {
    const key = newSession("team-key");
    await add(null, { task: "double", args: [5], key });
    const waited = await runCli(["tasks", "wait", key, "--team", "--timeout", "10"], { env: as(BOB) });
    expect(waited).toEqual({ code: 0, stdout: `${key} COMPLETED: 10\n`, stderr: "" });
    const listed = await runCli(["tasks", "ls", "--team", "--json"], { env: as(ALICE) });
    expect(JSON.parse(listed.stdout).tasks.find((t: { key: string }) => t.key === key)).toMatchObject({ value: 10 });
    const got = await runCli(["tasks", "get", key, "--team"], { env: as(ALICE) });
    expect(got.stdout).toMatch(new RegExp(`^${key}  double  COMPLETED  attempts 1\n`));
    // Another team's store is another store.
    const carol = await runCli(["tasks", "get", key, "--team"], { env: as(CAROL) });
    expect(carol.code).toBe(6);
    const slow = newSession("team-slow");
    await add(null, { task: "analyze_code", args: ["x"], key: slow });
    expect(await runCli(["tasks", "cancel", slow, "--team"], { env: as(ALICE) })).toMatchObject({ code: 0, stdout: `${slow} CANCELLED\n` });
  });
});

describe("lists of more than a page", () => {
  it("tasks ls shows every task of a session, not the first page of 100", async () => {
    const session = newSession("cli-pages");
    for (let i = 0; i < 101; i++) await add(session, { task: "double", args: [i], key: `k${String(i).padStart(3, "0")}` }, PAGES);
    const listed = await runCli(["tasks", "ls", "--session", session, "--json"], { env: as(PAGES) });
    const keys = JSON.parse(listed.stdout).tasks.map((t: { key: string }) => t.key);
    expect(keys).toHaveLength(101);
    expect(keys.at(-1)).toBe("k100");
    const table = await runCli(["tasks", "ls", "--session", session], { env: as(PAGES) });
    // The header, 101 rows, and the team's Claude cost under them.
    const lines = table.stdout.trim().split("\n");
    expect(lines).toHaveLength(103);
    expect(lines.at(-1)).toMatch(/^Claude cost of the team: \$\d+\.\d{4} today \(UTC\), \$\d+\.\d{4} in the last 30 days$/);
  });

  it("sessions ls (and tasks ls of every session) shows every session, not the first page of 200", async () => {
    const sessions = Array.from({ length: 201 }, (_, i) => `pages-${i}-${newSession("s")}`);
    for (let i = 0; i < sessions.length; i += 20) {
      await Promise.all(
        sessions.slice(i, i + 20).map((session) =>
          fetch(`${url}/v1/hooks`, {
            method: "POST",
            headers: { authorization: `Bearer ${PAGES}`, "content-type": "application/json" },
            body: JSON.stringify(claudeEvent(session, "Notification", { message: "hi" })),
          }).then((res) => res.text()),
        ),
      );
    }
    // The index is written in the background after each hook answered.
    const listedSessions = async () => {
      const run = await runCli(["sessions", "ls", "--json"], { env: as(PAGES) });
      return (JSON.parse(run.stdout).sessions as { session: string }[]).map((s) => s.session);
    };
    await expect.poll(async () => (await listedSessions()).filter((s) => sessions.includes(s)).length).toBe(201);
    const everyTask = await runCli(["tasks", "ls", "--json"], { env: as(PAGES) });
    const listed = (JSON.parse(everyTask.stdout).sessions as { session: string }[]).map((s) => s.session);
    expect(listed).toEqual(expect.arrayContaining(sessions));
  });
});

describe("help", () => {
  it("answers --help and -h, for the CLI and for each command, with the defaults", async () => {
    const main = await runCli(["--help"]);
    expect(main).toMatchObject({ code: 0, stderr: "" });
    expect(main.stdout).toMatch(/^fasthooks-workers <command> \[options\]\n/);
    expect(main.stdout).toMatch(/Exit codes:\n {2}0 {2}done\n {2}1 {2}the task failed/);
    expect((await runCli(["-h"])).stdout).toBe(main.stdout);
    expect((await runCli(["help"])).stdout).toBe(main.stdout);
    const tasks = await runCli(["tasks", "--help"]);
    expect(tasks.stdout).toMatch(/^fasthooks-workers tasks /);
    expect(tasks.stdout).toContain("--timeout S     tasks wait: seconds, plain decimal such as 10 or 0.5 (default 300)");
    expect((await runCli(["tasks", "wait", "-h"])).stdout).toBe(tasks.stdout);
    expect((await runCli(["help", "tasks"])).stdout).toBe(tasks.stdout);
    const install = await runCli(["install", "-h"]);
    expect(install.stdout).toMatch(/^fasthooks-workers install /);
    expect(install.stdout).toMatch(/--scope project\|local\|user .*\n.*\(default project\)/);
    expect(install.stdout).toMatch(/--mode http\|command .*\n.*\(default http;/);
    for (const command of ["uninstall", "sessions", "doctor"]) {
      expect((await runCli([command, "--help"])).stdout).toMatch(new RegExp(`^fasthooks-workers ${command}`));
    }
    // The shim's own command does not wait for an event on stdin to print its help.
    const hook = await runCli(["hook", "--help"], { leaveStdinOpen: true });
    expect(hook).toMatchObject({ code: 0, stdout: expect.stringMatching(/^fasthooks-workers hook\n/) });
  });

  it("refuses an unknown command or option with exit 2, naming it", async () => {
    expect(await runCli(["tsks", "ls"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'fasthooks-workers: unknown command "tsks": see `fasthooks-workers --help`\n',
    });
    expect(await runCli(["tasks", "ls", "--sesion", "s"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "fasthooks-workers: Unknown option '--sesion': see `fasthooks-workers --help`\n",
    });
    expect(await runCli(["tasks", "show", "k"])).toMatchObject({ code: 2 });
  });
});

/** A server on loopback that is not our Worker, answering every request with `answer`. */
async function notOurWorker(answer: { status: number; type?: string; body: string }) {
  const server = createServer((_req, res) => {
    res.writeHead(answer.status, answer.type ? { "content-type": answer.type } : {});
    res.end(answer.body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("errors name the URL and the setting to fix, with an exit code of their own", () => {
  it("says nothing of ours answers at a URL that serves an HTML page, another service's JSON, or nothing (4)", async () => {
    const html = { status: 404, type: "text/html", body: "<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>" };
    const json = { status: 404, type: "application/json", body: '{"error":"Not Found"}' };
    for (const answer of [html, json]) {
      const other = await notOurWorker(answer);
      try {
        for (const args of [["sessions", "ls"], ["tasks", "ls", "--session", "s1"], ["install"]]) {
          const run = await runCli(args, { env: { FASTHOOKS_URL: other.url, FASTHOOKS_TOKEN: ALICE }, cwd: emptyDir("project") });
          expect(run.code, args.join(" ")).toBe(4);
          expect(run.stderr).toMatch(new RegExp(`^fasthooks-workers: nothing of ours answers at ${other.url}: GET /v1/\\S+ answered 404 `));
          expect(run.stderr).toMatch(/Check FASTHOOKS_URL: it must be the Worker's URL, as `npm start` or `wrangler deploy` prints it\n$/);
          expect(run.stderr).not.toMatch(/<html|predates/i);
        }
      } finally {
        await other.close();
      }
    }
    const gone = await notOurWorker(html);
    await gone.close();
    const refused = await runCli(["sessions", "ls"], { env: { FASTHOOKS_URL: gone.url, FASTHOOKS_TOKEN: ALICE } });
    expect(refused).toMatchObject({
      code: 4,
      stderr: expect.stringContaining(`nothing of ours answers at ${gone.url}: connection refused.`),
    });
  });

  it("names the config file the URL came from", async () => {
    const project = emptyDir("project");
    mkdirSync(join(project, ".claude"));
    const file = join(project, ".claude", "fasthooks-workers.json");
    writeFileSync(file, JSON.stringify({ url: "http://127.0.0.1:1", token: ALICE }));
    const run = await runCli(["sessions", "ls"], { env: { CLAUDE_PROJECT_DIR: project } });
    expect(run.code).toBe(4);
    expect(run.stderr).toContain(`Check "url" in ${file}: it must be the Worker's URL`);
  });

  it("tells a refused token (5) or none (5) apart, naming the variable", async () => {
    const refused = await runCli(["tasks", "ls"], { env: as("not-a-token-of-anyone") });
    expect(refused).toMatchObject({
      code: 5,
      stderr: `fasthooks-workers: ${url} refused the token from FASTHOOKS_TOKEN: Unknown token. Check it against FASTHOOKS_TOKENS on the Worker\n`,
    });
    const none = await runCli(["sessions", "ls"], { env: { FASTHOOKS_URL: url } });
    expect(none).toMatchObject({ code: 5, stderr: expect.stringMatching(/^fasthooks-workers: no token: set FASTHOOKS_TOKEN/) });
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
