// install / uninstall on a temporary HOME and project: merged with the user's own hooks,
// idempotent, HTTP or command mode, dry run, and removing only what it wrote.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, inject, it } from "vitest";
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
    expect(run.code).toBe(1);
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
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/is not valid JSON; fix it first, nothing was changed/);
    expect(readFileSync(projectSettings(), "utf8")).toBe("{ this is not json");
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
