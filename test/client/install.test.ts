// install / uninstall on a temporary HOME and project: merged with the user's own hooks,
// idempotent, HTTP or command mode, dry run, and removing only what it wrote.
import { once } from "node:events";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { emptyDir, runCli } from "./cli";
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
  headers: { Authorization: "Bearer $FASTHOOKS_TOKEN" },
  allowedEnvVars: ["FASTHOOKS_TOKEN"],
  timeout: 15,
};

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
  });

  it("changes nothing when run twice", async () => {
    seed(projectSettings(), userOwn);
    await cli("install");
    const once = readFileSync(projectSettings(), "utf8");
    const again = await cli("install");
    expect(again.stdout).toContain("already up to date");
    expect(readFileSync(projectSettings(), "utf8")).toBe(once);
  });

  it("writes shim commands with --mode command, in the background with --async", async () => {
    await cli("install", "--mode", "command", "--async", "--scope", "local");
    const settings = read(join(project, ".claude", "settings.local.json"));
    const [group] = settings.hooks.PreToolUse;
    expect(group.matcher).toBe("Write|Edit");
    expect(group.hooks).toHaveLength(1);
    expect(group.hooks[0]).toMatchObject({ type: "command", async: true, timeout: 15 });
    expect(group.hooks[0].command).toMatch(/^node ".*fasthooks-workers\.js" hook$/);
    // The command it wrote really is the shim.
    const shim = group.hooks[0].command.match(/^node "(.*)" hook$/)[1];
    expect(existsSync(shim)).toBe(true);
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
    expect(readFileSync(projectSettings(), "utf8")).toBe(before);
  });

  it("never overwrites a settings file it cannot read", async () => {
    mkdirSync(join(project, ".claude"));
    writeFileSync(projectSettings(), "{ this is not json");
    const run = await cli("install");
    expect(run.code).toBe(6);
    expect(run.stderr).toMatch(/is not valid JSON; fix it first, nothing was changed/);
    expect(readFileSync(projectSettings(), "utf8")).toBe("{ this is not json");
  });
});

describe("install, for events Claude Code takes no HTTP hook for, and failing closed", () => {
  // A Worker whose app handles more events than the default one: only its listing matters here.
  const listing = {
    events: [
      { event: "PreToolUse", matcher: "Write" },
      { event: "PermissionRequest", matcher: "Bash" },
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
    for (const event of ["SessionStart", "Setup"]) {
      expect(hooked[event]).toEqual({
        type: "command",
        command: expect.stringMatching(/^node ".*fasthooks-workers\.js" hook$/),
        timeout: 15,
      });
    }
    for (const event of ["PreToolUse", "PermissionRequest", "UserPromptSubmit", "Stop"]) expect(hooked[event]).toEqual(http());
  });

  it("with --fail-mode closed, has Claude Code block on a failure where a denial means something: PreToolUse and PermissionRequest", async () => {
    await installFrom("--fail-mode", "closed");
    const hooked = entries();
    expect(hooked.PreToolUse).toEqual(http({ onFailure: "block" }));
    expect(hooked.PermissionRequest).toEqual(http({ onFailure: "block" }));
    // Blocking would erase the prompt, make Claude keep going, or mean nothing.
    for (const event of ["UserPromptSubmit", "Stop"]) expect(hooked[event]).toEqual(http());
    for (const event of ["SessionStart", "Setup"]) expect(hooked[event]).not.toHaveProperty("onFailure");
    // Back to open: the same entries without onFailure, nothing added beside them.
    await installFrom();
    expect(entries().PreToolUse).toEqual(http());
  });

  it("takes the fail mode from the config, on command hooks too, but not on async ones (Claude Code ignores it there)", async () => {
    const closed = (...args: string[]) =>
      runCli(["install", ...args], { env: { ...env(), FASTHOOKS_URL: listingUrl, FASTHOOKS_FAIL_MODE: "closed" }, cwd: project });
    await closed("--mode", "command");
    expect(entries().PreToolUse).toMatchObject({ type: "command", onFailure: "block" });
    expect(entries().Stop).not.toHaveProperty("onFailure");
    await closed("--mode", "command", "--async");
    expect(entries().PreToolUse).toMatchObject({ type: "command", async: true });
    expect(entries().PreToolUse).not.toHaveProperty("onFailure");
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
    await cli("install");
    const run = await cli("uninstall");
    expect(run.code).toBe(0);
    expect(read(projectSettings())).toEqual(userOwn);
  });

  it("removes command entries too, and says when there is nothing to remove", async () => {
    await cli("install", "--mode", "command");
    await cli("uninstall");
    expect(read(projectSettings())).toEqual({});
    const none = await cli("uninstall", "--scope", "user");
    expect(none.stdout).toMatch(/no settings file, nothing to remove/);
  });
});
