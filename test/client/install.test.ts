// install / uninstall on a temporary HOME and project: merged with the user's own hooks,
// idempotent, HTTP or command mode, dry run, and removing only what it wrote.
import { once } from "node:events";
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { emptyDir, pathWithShim, runCli } from "./cli";
import { ALICE } from "./tokens";

const url = inject("workerUrl");
let home: string;
let project: string;

beforeEach(() => {
  home = emptyDir("home");
  project = emptyDir("project");
});

const env = () => ({ HOME: home, FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE, CLAUDE_PROJECT_DIR: project });
const cli = (...args: string[]) => runCli(args, { env: env(), cwd: project });
const projectSettings = () => join(project, ".claude", "settings.json");
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));

const userOwn = {
  permissions: { allow: ["Bash(npm test)"] },
  hooks: {
    PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "./scripts/check-bash.sh" }] }],
    Stop: [{ hooks: [{ type: "command", command: "say done" }] }],
  },
};

function seed(path: string, settings: unknown) {
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, `${JSON.stringify(settings, null, 2)}\n`);
}

const ourHttp = {
  type: "http",
  url: `${url}/v1/hooks`,
  headers: { Authorization: "Bearer $FASTHOOKS_TOKEN", "X-Fasthooks-Machine": "$FASTHOOKS_MACHINE" },
  allowedEnvVars: ["FASTHOOKS_TOKEN", "FASTHOOKS_MACHINE"],
  timeout: 15,
};
const ourShim = { type: "command", command: "fasthooks-workers hook", timeout: 15 };

describe("install", () => {
  it("adds an HTTP hook per event the Worker handles, keeping the user's own settings and hooks", async () => {
    seed(projectSettings(), userOwn);
    const run = await cli("install");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("updated");
    expect(read(projectSettings())).toEqual({
      permissions: { allow: ["Bash(npm test)"] },
      hooks: {
        PreToolUse: [
          { matcher: "Bash", hooks: [{ type: "command", command: "./scripts/check-bash.sh" }] },
          { matcher: "Write|Edit", hooks: [ourHttp] },
        ],
        Stop: [{ hooks: [{ type: "command", command: "say done" }, ourHttp] }],
        UserPromptSubmit: [{ hooks: [ourHttp] }],
      },
    });
    // The token itself never lands in a settings file.
    expect(readFileSync(projectSettings(), "utf8")).not.toContain(ALICE);
    // The machine's name comes from the environment too, when the member sets it.
    expect(run.stdout).toContain("Set FASTHOOKS_MACHINE");
  });

  it("writes exactly what the Worker serves at GET /v1/hooks/settings: one source for both", async () => {
    await cli("install");
    const served = await fetch(`${url}/v1/hooks/settings`, { headers: { authorization: `Bearer ${ALICE}` } });
    expect(read(projectSettings())).toEqual(await served.json());
    await cli("install", "--mode", "command", "--fail-mode", "closed");
    const command = await fetch(`${url}/v1/hooks/settings?mode=command&failMode=closed`, { headers: { authorization: `Bearer ${ALICE}` } });
    expect(read(projectSettings())).toEqual(await command.json());
  });

  it("changes nothing when run twice", async () => {
    seed(projectSettings(), userOwn);
    await cli("install");
    const once = readFileSync(projectSettings(), "utf8");
    const again = await cli("install");
    expect(again.stdout).toContain("already up to date");
    expect(readFileSync(projectSettings(), "utf8")).toBe(once);
  });

  it("names the shim in command mode, never a path on this machine, and says when it is not on PATH", async () => {
    const run = await cli("install", "--mode", "command");
    const text = readFileSync(projectSettings(), "utf8");
    expect(read(projectSettings()).hooks.Stop).toEqual([{ hooks: [ourShim] }]);
    expect(text).not.toMatch(/"command": "[^"]*\//);
    expect(text).not.toContain(process.cwd());
    expect(run.stdout).toContain("warning: `fasthooks-workers` is not on PATH");
    // Where the package is installed, nothing to warn of.
    const onPath = await runCli(["install", "--mode", "command"], { env: { ...env(), PATH: pathWithShim() }, cwd: project });
    expect(onPath.stdout).not.toContain("not on PATH");
  });

  it("runs command hooks in the background with --async, but never PreToolUse or PermissionRequest, and says why", async () => {
    const run = await cli("install", "--mode", "command", "--async", "--scope", "local");
    const { hooks } = read(join(project, ".claude", "settings.local.json"));
    expect(hooks.Stop[0].hooks).toEqual([{ ...ourShim, async: true }]);
    expect(hooks.UserPromptSubmit[0].hooks).toEqual([{ ...ourShim, async: true }]);
    // A background hook's decision is never waited for: the app's policies would be off.
    expect(hooks.PreToolUse).toEqual([{ matcher: "Write|Edit", hooks: [ourShim] }]);
    expect(run.stdout).toContain("PreToolUse stay in the foreground: Claude Code goes ahead without waiting for a background hook");
    // Switching back to HTTP replaces the command entries rather than adding beside them.
    await cli("install", "--scope", "local");
    expect(read(join(project, ".claude", "settings.local.json")).hooks.PreToolUse[0].hooks).toEqual([ourHttp]);
  });

  it("refuses --async for HTTP hooks, which Claude Code cannot run in the background", async () => {
    const run = await cli("install", "--async");
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/--async needs --mode command/);
  });

  it("writes the user's settings with --scope user", async () => {
    await cli("install", "--scope", "user");
    expect(read(join(home, ".claude", "settings.json")).hooks.Stop).toEqual([{ hooks: [ourHttp] }]);
    expect(existsSync(projectSettings())).toBe(false);
  });

  it("shows the diff and writes nothing with --dry-run", async () => {
    seed(projectSettings(), userOwn);
    const before = readFileSync(projectSettings(), "utf8");
    const run = await cli("install", "--dry-run");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("would change");
    expect(run.stdout).toContain(`+             "url": "${url}/v1/hooks",`);
    expect(run.stdout).toContain('+     "UserPromptSubmit": [');
    expect(run.stdout).toContain(`fasthooks-workers.json would record: url ${url}`);
    expect(readFileSync(projectSettings(), "utf8")).toBe(before);
    expect(existsSync(join(project, ".claude", "fasthooks-workers.json"))).toBe(false);
  });

  it("needs the Worker's URL, which it records", async () => {
    const run = await runCli(["install"], { env: { ...env(), FASTHOOKS_URL: "" }, cwd: project });
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/install needs the Worker's URL, and records it for the shim and the CLI: set FASTHOOKS_URL/);
    expect(existsSync(join(project, ".claude"))).toBe(false);
  });
});

describe("install edits the file, it does not rewrite it", () => {
  it("keeps every byte it does not own: layout, key order, big numbers; uninstall gives the same settings back", async () => {
    const text =
      "{\n" +
      '    "model": "opus",\n' +
      '    "feedbackSurveyState": { "lastShownTime": 17634812345678901234 },\n' +
      '    "hooks": {\n' +
      '        "Stop": [ { "hooks": [ { "type": "command", "command": "say done" } ] } ]\n' +
      "    },\n" +
      '    "env": {"A": "1", "B": "2"}\n' +
      "}\n";
    seed(projectSettings(), {});
    writeFileSync(projectSettings(), text);
    await cli("install");
    const installed = readFileSync(projectSettings(), "utf8");
    // The 20-digit number is as it was (JSON.parse would have made it 17634812345678901000).
    expect(installed).toContain('"lastShownTime": 17634812345678901234 }');
    expect(installed).toContain('    "model": "opus",\n');
    expect(installed).toContain('    "env": {"A": "1", "B": "2"}\n');
    // What it added is laid out in the file's own indentation (4 spaces).
    expect(installed).toMatch(/\n {8}"UserPromptSubmit": \[\n {12}\{\n {16}"hooks": \[/);
    expect(read(projectSettings()).hooks.Stop[0].hooks).toEqual([{ type: "command", command: "say done" }, ourHttp]);
    await cli("uninstall");
    const back = readFileSync(projectSettings(), "utf8");
    expect(JSON.parse(back)).toEqual(JSON.parse(text));
    expect(back).toContain('"lastShownTime": 17634812345678901234 }');
    expect(back.startsWith('{\n    "model": "opus",\n    "feedbackSurveyState"')).toBe(true);
  });

  it("keeps tabs and Windows line ends", async () => {
    seed(projectSettings(), {});
    writeFileSync(projectSettings(), '{\r\n\t"model": "opus"\r\n}\r\n');
    await cli("install");
    const installed = readFileSync(projectSettings(), "utf8");
    expect(installed.startsWith('{\r\n\t"model": "opus",\r\n\t"hooks": {\r\n\t\t"')).toBe(true);
    expect(installed.replaceAll("\r\n", "")).not.toContain("\n");
  });

  it("writes atomically, keeps the file's permissions and the previous version as .bak", async () => {
    seed(projectSettings(), userOwn);
    chmodSync(projectSettings(), 0o600);
    const before = readFileSync(projectSettings(), "utf8");
    const run = await cli("install");
    expect(statSync(projectSettings()).mode & 0o777).toBe(0o600);
    expect(run.stdout).toContain(`(the previous version is ${projectSettings()}.bak)`);
    expect(readFileSync(`${projectSettings()}.bak`, "utf8")).toBe(before);
    // No temporary file left beside it.
    expect(readdirSync(join(project, ".claude")).sort()).toEqual(["fasthooks-workers.json", "settings.json", "settings.json.bak"]);
  });

  it("writes through a settings file that is a link (a dotfiles repository), which stays a link", async () => {
    const dotfiles = emptyDir("dotfiles");
    seed(join(dotfiles, "claude-settings.json"), userOwn);
    mkdirSync(join(home, ".claude"));
    symlinkSync(join(dotfiles, "claude-settings.json"), join(home, ".claude", "settings.json"));
    await cli("install", "--scope", "user");
    expect(lstatSync(join(home, ".claude", "settings.json")).isSymbolicLink()).toBe(true);
    expect(read(join(dotfiles, "claude-settings.json")).hooks.UserPromptSubmit).toEqual([{ hooks: [ourHttp] }]);
  });

  it("leaves alone the user's HTTP hooks and another Worker's, and says so", async () => {
    const theirs = { ...ourHttp, url: "https://fasthooks.other-team.example/v1/hooks" };
    const own = { type: "http", url: "https://hooks.example.com/stop" };
    seed(projectSettings(), { hooks: { Stop: [{ hooks: [own, theirs] }] } });
    const run = await cli("install");
    expect(read(projectSettings()).hooks.Stop).toEqual([{ hooks: [own, theirs, ourHttp] }]);
    expect(run.stdout).toContain(
      "also hooks another Worker, https://fasthooks.other-team.example: left as it is (`FASTHOOKS_URL=https://fasthooks.other-team.example fasthooks-workers uninstall` removes it)",
    );
    await cli("uninstall");
    expect(read(projectSettings()).hooks.Stop).toEqual([{ hooks: [own, theirs] }]);
  });

  it.each([
    ["not JSON", "{ this is not json", /is not valid JSON \(.*\); fix it first, nothing was changed/],
    ["JSON with comments, which Claude Code skips", '{\n  // mine\n  "model": "opus"\n}\n', /is not valid JSON/],
    ["a list", "[]\n", /holds a list, not an object of settings; fix it first, nothing was changed/],
    ["null", "null\n", /holds null, not an object of settings/],
    ["hooks that are a list", '{"hooks": []}', /"hooks" is not an object of events; fix it first/],
    ["an event that is not a list", '{"hooks": {"Stop": {}}}', /hooks\.Stop is not a list of matcher groups/],
    ["a group without hooks", '{"hooks": {"Stop": [{"matcher": ""}]}}', /hooks\.Stop\[0\] is not a matcher group/],
  ])("refuses a settings file that holds %s, and changes nothing", async (_what, text, message) => {
    mkdirSync(join(project, ".claude"));
    writeFileSync(projectSettings(), text);
    for (const command of ["install", "uninstall"]) {
      const run = await cli(command);
      expect(run.code).toBe(6);
      expect(run.stderr).toMatch(message);
      expect(readFileSync(projectSettings(), "utf8")).toBe(text);
    }
    expect(existsSync(join(project, ".claude", "fasthooks-workers.json"))).toBe(false);
  });
});

describe("install, for events Claude Code takes no HTTP hook for, and failing closed", () => {
  // A Worker whose app handles more events than the default one: only its listing matters here.
  const listing = {
    events: [
      { event: "PreToolUse", matcher: "Write" },
      { event: "PermissionRequest", matcher: "Bash" },
      { event: "PreSkillShellCommand" },
      { event: "UserPromptSubmit" },
      { event: "Stop" },
      { event: "SessionStart" },
      { event: "Setup" },
    ],
  };
  let listingUrl: string;
  let server: Server;

  beforeAll(async () => {
    server = createServer((req, res) => {
      res.writeHead(req.url === "/v1/hooks/events" ? 200 : 404, { "content-type": "application/json" });
      res.end(JSON.stringify(req.url === "/v1/hooks/events" ? listing : { error: { code: "not_found", message: req.url } }));
    });
    server.listen(0, "127.0.0.1");
    await once(server, "listening");
    listingUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => server.close());

  const installFrom = (...args: string[]) => runCli(["install", ...args], { env: { ...env(), FASTHOOKS_URL: listingUrl }, cwd: project });
  const http = (extra: object = {}) => ({ ...ourHttp, url: `${listingUrl}/v1/hooks`, ...extra });
  const entries = () => {
    const { hooks } = read(projectSettings());
    return Object.fromEntries(Object.entries(hooks).map(([event, groups]) => [event, (groups as any[])[0].hooks[0]]));
  };

  it("writes the shim for SessionStart and Setup even in HTTP mode, and says why", async () => {
    const run = await installFrom();
    expect(run.stdout).toContain("SessionStart and Setup run the shim: Claude Code takes no HTTP hook there.");
    const hooked = entries();
    for (const event of ["SessionStart", "Setup"]) expect(hooked[event]).toEqual(ourShim);
    for (const event of ["PreToolUse", "PermissionRequest", "PreSkillShellCommand", "UserPromptSubmit", "Stop"]) {
      expect(hooked[event]).toEqual(http());
    }
  });

  it("with --fail-mode closed, has Claude Code block on a failure where a denial means something: the decision events", async () => {
    await installFrom("--fail-mode", "closed");
    const hooked = entries();
    for (const event of ["PreToolUse", "PermissionRequest", "PreSkillShellCommand"])
      expect(hooked[event]).toEqual(http({ onFailure: "block" }));
    // Blocking would erase the prompt, make Claude keep going, or mean nothing.
    for (const event of ["UserPromptSubmit", "Stop"]) expect(hooked[event]).toEqual(http());
    for (const event of ["SessionStart", "Setup"]) expect(hooked[event]).not.toHaveProperty("onFailure");
    // Back to open: the same entries without onFailure, nothing added beside them.
    await installFrom();
    expect(entries().PreToolUse).toEqual(http());
  });

  it("takes the fail mode from the config, on command hooks too; async ones are not on the decisions", async () => {
    const closed = (...args: string[]) =>
      runCli(["install", ...args], { env: { ...env(), FASTHOOKS_URL: listingUrl, FASTHOOKS_FAIL_MODE: "closed" }, cwd: project });
    await closed("--mode", "command");
    expect(entries().PreToolUse).toMatchObject({ type: "command", onFailure: "block" });
    expect(entries().Stop).not.toHaveProperty("onFailure");
    const run = await closed("--mode", "command", "--async");
    expect(entries().PreToolUse).toEqual({ ...ourShim, onFailure: "block" });
    expect(entries().PermissionRequest).toEqual({ ...ourShim, onFailure: "block" });
    expect(entries().PreSkillShellCommand).toEqual({ ...ourShim, onFailure: "block" });
    expect(entries().Stop).toEqual({ ...ourShim, async: true });
    expect(run.stdout).toContain("PreToolUse, PermissionRequest, and PreSkillShellCommand stay in the foreground");
  });

  it("refuses a fail mode it does not know", async () => {
    const run = await installFrom("--fail-mode", "shut");
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--fail-mode must be one of open, closed/);
  });
});

describe("doctor, on the installed hooks", () => {
  const doctor = (extra: Record<string, string> = {}) => runCli(["doctor"], { env: { ...env(), ...extra }, cwd: project });

  it("flags an HTTP hook on SessionStart or Setup, which Claude Code never calls", async () => {
    await cli("install");
    const settings = read(projectSettings());
    settings.hooks.SessionStart = [{ hooks: [ourHttp] }];
    seed(projectSettings(), settings);
    const run = await doctor();
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(
      `✗ ${projectSettings()}: SessionStart has an HTTP hook, which Claude Code never calls for SessionStart: run \`fasthooks-workers install\` (it writes a command hook there)\n`,
    );
  });

  it("flags hooks that would fail open when the config says closed", async () => {
    await cli("install");
    const run = await doctor({ FASTHOOKS_FAIL_MODE: "closed" });
    expect(run.stdout).toContain(
      `✗ ${projectSettings()}: failMode is closed but the PreToolUse hook does not block when it fails: run \`fasthooks-workers install\` again\n`,
    );
    await runCli(["install"], { env: { ...env(), FASTHOOKS_FAIL_MODE: "closed" }, cwd: project });
    expect((await doctor({ FASTHOOKS_FAIL_MODE: "closed" })).code).toBe(0);
  });

  it("flags a shim timeout longer than Claude Code gives the hook", async () => {
    await cli("install");
    const run = await doctor({ FASTHOOKS_TIMEOUT_MS: "20000" });
    expect(run.stdout).toContain(
      "✗ timeoutMs is 20000 (from environment): the shim stops at 14000 ms, under the hooks' timeout in Claude Code's settings\n",
    );
  });
});

describe("uninstall", () => {
  it("removes only its own entries, leaving the user's hooks and settings as they were", async () => {
    seed(projectSettings(), userOwn);
    const before = readFileSync(projectSettings(), "utf8");
    await cli("install");
    const run = await cli("uninstall");
    expect(run.code).toBe(0);
    expect(readFileSync(projectSettings(), "utf8")).toBe(before);
  });

  it("removes a settings file that held nothing but its entries, keeping it as .bak", async () => {
    await cli("install", "--mode", "command");
    const installed = readFileSync(projectSettings(), "utf8");
    const run = await cli("uninstall");
    expect(run.stdout).toContain(`${projectSettings()}: removed, nothing else was in it (it is now ${projectSettings()}.bak)`);
    expect(existsSync(projectSettings())).toBe(false);
    expect(readFileSync(`${projectSettings()}.bak`, "utf8")).toBe(installed);
    const none = await cli("uninstall", "--scope", "user");
    expect(none.stdout).toMatch(/no settings file, nothing to remove/);
  });

  it("keeps a file that holds something else, and one it had nothing to remove from", async () => {
    seed(projectSettings(), { model: "opus" });
    await cli("install");
    await cli("uninstall");
    expect(read(projectSettings())).toEqual({ model: "opus" });
    seed(projectSettings(), {});
    const run = await cli("uninstall");
    expect(run.stdout).toContain(`${projectSettings()}: nothing of ours in it`);
    expect(existsSync(projectSettings())).toBe(true);
  });
});
