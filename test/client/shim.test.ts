// The command shim as Claude Code runs it (a child process, the event on stdin), and the same
// events as Claude Code's native HTTP hook sends them, against a real local Worker.
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import { createServer, type Server } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { claudeEvent, emptyDir, newSession, runCli } from "./cli";
import { ALICE } from "./tokens";

const url = inject("workerUrl");
const shimEnv = (extra: Record<string, string> = {}) => ({ FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE, ...extra });

async function waitForTask(session: string, key: string): Promise<any> {
  const res = await fetch(`${url}/v1/sessions/${session}/tasks/${key}/wait?timeout=15`, {
    headers: { authorization: `Bearer ${ALICE}` },
  });
  return res.json();
}

const writeEvent = (session: string, file_path: string, content: string) =>
  claudeEvent(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path, content }, tool_use_id: "toolu_01" });

describe("the shim against a running Worker", () => {
  it("prints the Worker's PreToolUse deny and exits 0", async () => {
    const run = await runCli(["hook"], {
      env: shimEnv(),
      input: JSON.stringify(writeEvent(newSession("deny"), "/home/ada/shop/.env", "SECRET=1")),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({
      hookSpecificOutput: {
        hookEventName: "PreToolUse",
        permissionDecision: "deny",
        permissionDecisionReason: "fasthooks: /home/ada/shop/.env holds secrets; edit it by hand, not through Claude",
      },
    });
  });

  it("runs the seed's Quick Start across two shim processes", async () => {
    const session = newSession("quick-shim");
    const content = "print('hello')\n";
    const first = await runCli(["hook"], { env: shimEnv(), input: JSON.stringify(writeEvent(session, "/home/ada/shop/a.rb", content)) });
    expect(first).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(first.stdout)).toEqual({});
    await waitForTask(session, "analyze_code");
    const second = await runCli(["hook"], {
      env: shimEnv(),
      input: JSON.stringify(claudeEvent(session, "UserPromptSubmit", { prompt: "what did the analysis say?" })),
    });
    const analysis = `Previous analysis (analyze_code, started by alice): Analysis complete: ${content.length} chars`;
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout)).toEqual({
      systemMessage: analysis,
      hookSpecificOutput: { hookEventName: "UserPromptSubmit", additionalContext: analysis },
    });
  });

  it("records the machine the shim runs on", async () => {
    const session = newSession("machine");
    await runCli(["hook"], { env: shimEnv(), input: JSON.stringify(writeEvent(session, "/home/ada/shop/b.rb", "x = 1")) });
    const task = await waitForTask(session, "analyze_code");
    expect(task.addedBy).toMatchObject({ member: "alice", cwd: "/home/ada/shop" });
    expect(typeof task.addedBy.machine).toBe("string");
  });

  it("reads its settings from the project's .claude/fasthooks-workers.json; the environment wins", async () => {
    const project = emptyDir("project");
    mkdirSync(join(project, ".claude"));
    writeFileSync(join(project, ".claude", "fasthooks-workers.json"), JSON.stringify({ url, token: "not-the-token-0000" }));
    const event = JSON.stringify(writeEvent(newSession("config"), "/p/.env", "x"));
    const fromFile = await runCli(["hook"], { env: { CLAUDE_PROJECT_DIR: project }, input: event });
    expect(fromFile.stderr).toMatch(/refused the token \(401\)/);
    const envWins = await runCli(["hook"], { env: { CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE }, input: event });
    expect(JSON.parse(envWins.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});

describe("as Claude Code's native HTTP hook sends it", () => {
  it("runs the Quick Start across two plain HTTP requests", async () => {
    const session = newSession("quick-http");
    const content = "fn main() {}\n";
    // An HTTP hook POSTs the event JSON with the headers from settings ($FASTHOOKS_TOKEN substituted).
    const hook = (event: object) =>
      fetch(`${url}/v1/hooks`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${ALICE}` },
        body: JSON.stringify(event),
      });
    const first = await hook(writeEvent(session, "/home/ada/shop/main.rs", content));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({});
    await waitForTask(session, "analyze_code");
    const second = await hook(claudeEvent(session, "UserPromptSubmit", { prompt: "next" }));
    expect(second.status).toBe(200);
    expect(((await second.json()) as any).hookSpecificOutput.additionalContext).toBe(
      `Previous analysis (analyze_code, started by alice): Analysis complete: ${content.length} chars`,
    );
  });
});

describe("when the Worker cannot answer", () => {
  let silent: Server;
  let silentPort: number;
  let resetting: Server;
  let resetPort: number;
  let resetConnections = 0;
  let closedPort: number;

  beforeAll(async () => {
    // A port nothing listens on: a Worker that is down.
    const probe = createServer();
    probe.listen(0, "127.0.0.1");
    await once(probe, "listening");
    closedPort = (probe.address() as { port: number }).port;
    probe.close();
    // Accepts connections and never answers: a hung Worker.
    silent = createServer(() => {});
    silent.listen(0, "127.0.0.1");
    await once(silent, "listening");
    silentPort = (silent.address() as { port: number }).port;
    // Reads the request, then resets the connection: a Worker that may have run the hook.
    resetting = createServer((socket) => {
      resetConnections++;
      socket.once("data", () => socket.resetAndDestroy());
    });
    resetting.listen(0, "127.0.0.1");
    await once(resetting, "listening");
    resetPort = (resetting.address() as { port: number }).port;
  });

  afterAll(() => {
    silent.close();
    resetting.close();
  });

  const stopEvent = JSON.stringify(claudeEvent("down-session", "Stop", { stop_hook_active: false }));
  const down = () => ({ FASTHOOKS_URL: `http://127.0.0.1:${closedPort}` });
  const refused = () => `cannot reach http://127.0.0.1:${closedPort}/v1/hooks: ECONNREFUSED`;

  it("fails open when nothing listens: a non-blocking error (exit 1) saying why, as an HTTP hook's failure is", async () => {
    const run = await runCli(["hook"], { env: shimEnv(down()), input: stopEvent });
    expect(run).toEqual({ code: 1, stdout: "", stderr: `fasthooks: hook not run: ${refused()}\n` });
  });

  it("gives up on a Worker that does not answer at its deadline", async () => {
    const run = await runCli(["hook"], {
      env: shimEnv({ FASTHOOKS_URL: `http://127.0.0.1:${silentPort}`, FASTHOOKS_TIMEOUT_MS: "300" }),
      input: stopEvent,
    });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `fasthooks: hook not run: no answer from http://127.0.0.1:${silentPort}/v1/hooks within 300 ms\n`,
    });
  });

  it("does not wait past its deadline for a stdin that never closes", async () => {
    const run = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_TIMEOUT_MS: "300" }), input: stopEvent, leaveStdinOpen: true });
    expect(run).toEqual({ code: 1, stdout: "", stderr: "fasthooks: hook not run: no event on stdin\n" });
  });

  it("counts its deadline from process start: a budget spent by Node's own start-up is spent", async () => {
    // 1 ms is gone before any of the shim's code runs: the event on stdin is never read.
    const run = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_TIMEOUT_MS: "1" }), input: stopEvent });
    expect(run).toEqual({ code: 1, stdout: "", stderr: "fasthooks: hook not run: no event on stdin\n" });
  });

  describe("failing closed, per event", () => {
    const closed = () => shimEnv({ ...down(), FASTHOOKS_FAIL_MODE: "closed" });
    const reason = () => `fasthooks: denied, the Worker could not check it (fail closed): ${refused()}`;

    it("denies a tool call on PreToolUse", async () => {
      const run = await runCli(["hook"], { env: closed(), input: JSON.stringify(writeEvent("closed-pre", "/p/a.rb", "x")) });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe("");
      expect(JSON.parse(run.stdout)).toEqual({
        systemMessage: reason(),
        hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny", permissionDecisionReason: reason() },
      });
    });

    it("denies a permission on PermissionRequest", async () => {
      const event = claudeEvent("closed-perm", "PermissionRequest", { tool_name: "Bash", tool_input: { command: "ls" } });
      const run = await runCli(["hook"], { env: closed(), input: JSON.stringify(event) });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        systemMessage: reason(),
        hookSpecificOutput: { hookEventName: "PermissionRequest", decision: { behavior: "deny", message: reason() } },
      });
    });

    it("denies a skill's shell command on PreSkillShellCommand", async () => {
      const event = claudeEvent("closed-skill", "PreSkillShellCommand", { tool_name: "Bash", tool_input: { command: "git push" } });
      const run = await runCli(["hook"], { env: closed(), input: JSON.stringify(event) });
      expect(run.code).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({
        systemMessage: reason(),
        hookSpecificOutput: { hookEventName: "PreSkillShellCommand", permissionDecision: "deny", permissionDecisionReason: reason() },
      });
    });

    it.each([
      ["Stop", "exit 2 would make Claude keep going", stopEvent],
      [
        "UserPromptSubmit",
        "exit 2 would erase the user's prompt",
        JSON.stringify(claudeEvent("closed-prompt", "UserPromptSubmit", { prompt: "hi" })),
      ],
      ["SessionStart", "nothing to deny", JSON.stringify(claudeEvent("closed-start", "SessionStart", { source: "startup" }))],
    ])("goes on with a non-blocking error on %s (%s)", async (_event, _why, input) => {
      const run = await runCli(["hook"], { env: closed(), input });
      expect(run).toEqual({ code: 1, stdout: "", stderr: `fasthooks: hook not run: ${refused()}\n` });
    });
  });

  it("says clearly that the token was refused", async () => {
    const run = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_TOKEN: "wrong-token-0000000" }), input: stopEvent });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `fasthooks: hook not run: ${url}/v1/hooks refused the token (401): check FASTHOOKS_TOKEN\n`,
    });
  });

  it("says so when no token is configured, and when stdin is not an event", async () => {
    const noToken = await runCli(["hook"], { env: { FASTHOOKS_URL: url }, input: stopEvent });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toMatch(/no token: set FASTHOOKS_TOKEN/);
    const garbage = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_FAIL_MODE: "closed" }), input: "not json" });
    expect(garbage.code).toBe(1);
    expect(garbage.stdout).toBe("");
    expect(garbage.stderr).toMatch(/^fasthooks: hook not run: .*JSON/);
  });

  it("never sends a request twice: a connection broken after the Worker read it is not retried", async () => {
    const run = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_URL: `http://127.0.0.1:${resetPort}` }), input: stopEvent });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `fasthooks: hook not run: cannot reach http://127.0.0.1:${resetPort}/v1/hooks: ECONNRESET\n`,
    });
    expect(resetConnections).toBe(1);
  });
});

describe("over HTTPS", () => {
  let server: HttpsServer;
  let port: number;
  let caFile: string;
  const seen: { authorization?: string; body: string }[] = [];

  beforeAll(async () => {
    // A certificate of our own for localhost and 127.0.0.1, trusted only by the shims that are told to.
    const dir = emptyDir("tls");
    caFile = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=localhost",
        "-addext",
        "subjectAltName=DNS:localhost,IP:127.0.0.1",
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        caFile,
      ],
      { stdio: "ignore" },
    );
    server = createHttpsServer({ key: readFileSync(join(dir, "key.pem")), cert: readFileSync(caFile) }, (req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        seen.push({ authorization: req.headers.authorization, body });
        res.writeHead(200, { "content-type": "application/json" }).end('{"systemMessage":"over TLS"}');
      });
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    port = (server.address() as { port: number }).port;
  });

  afterAll(() => server.close());

  const event = JSON.stringify(claudeEvent("tls-session", "Stop", { stop_hook_active: false }));

  it.each(["localhost", "127.0.0.1"])("posts the event to https://%s and prints the answer, with nothing on stderr", async (host) => {
    seen.length = 0;
    const run = await runCli(["hook"], {
      env: shimEnv({ FASTHOOKS_URL: `https://${host}:${port}`, NODE_EXTRA_CA_CERTS: caFile }),
      input: event,
    });
    expect(run).toEqual({ code: 0, stdout: '{"systemMessage":"over TLS"}', stderr: "" });
    expect(seen).toEqual([{ authorization: `Bearer ${ALICE}`, body: event }]);
  });

  it("refuses a certificate it does not trust, and fails open saying why", async () => {
    const run = await runCli(["hook"], { env: shimEnv({ FASTHOOKS_URL: `https://localhost:${port}` }), input: event });
    expect(run).toEqual({
      code: 1,
      stdout: "",
      stderr: `fasthooks: hook not run: cannot reach https://localhost:${port}/v1/hooks: DEPTH_ZERO_SELF_SIGNED_CERT\n`,
    });
  });
});
