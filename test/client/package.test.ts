// The CLI as a member gets it: `npm pack ./client`, the tarball installed into a prefix of its
// own (as `npm install -g` does), and its bin, on the machine's Node, installing hooks into a git
// repository outside this one, whose settings then reach the Worker through that bin.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { claudeEvent, emptyDir, machinePath, newSession } from "./cli";
import { ALICE } from "./tokens";

const run = promisify(execFile);
const url = inject("workerUrl");

let prefix: string;
let tarball: string;
/** npm and the package's bin with a HOME of their own and nothing of the test runner's environment (no npm_config_*). */
let env: Record<string, string>;

beforeAll(async () => {
  const work = emptyDir("package");
  env = { PATH: `${join(work, "prefix", "bin")}:${machinePath()}`, HOME: join(work, "home"), npm_config_update_notifier: "false" };
  mkdirSync(env.HOME!);
  // client/dist is built by the global setup; packing must not rebuild it under the other test files.
  const packed = await run("npm", ["pack", "./client", "--ignore-scripts", "--pack-destination", work], { env, cwd: process.cwd() });
  tarball = join(work, packed.stdout.trim().split("\n").at(-1)!);
  prefix = join(work, "prefix");
  // No registry: the package has no dependencies to fetch.
  await run("npm", ["install", "--global", "--prefix", prefix, "--offline", "--no-audit", "--no-fund", tarball], { env, cwd: work });
}, 120_000);

describe("the fasthooks-workers package", () => {
  it("holds the built CLI alone, its license and README, for Node 20 and later, with no dependency to install", async () => {
    const listing = (await run("tar", ["tzf", tarball])).stdout.trim().split("\n").sort();
    expect(listing).toEqual([
      "package/LICENSE",
      "package/README.md",
      "package/dist/cli.js",
      "package/dist/fasthooks-workers.js",
      "package/package.json",
    ]);
    const installed = join(prefix, "lib", "node_modules", "fasthooks-workers");
    const manifest = JSON.parse(readFileSync(join(installed, "package.json"), "utf8"));
    expect(manifest).toMatchObject({
      name: "fasthooks-workers",
      bin: { "fasthooks-workers": "dist/fasthooks-workers.js" },
      engines: { node: ">=20" },
      license: "MIT",
      author: "the fasthooks-workers authors",
      homepage: "https://github.com/fasthooks-workers/fasthooks-workers#readme",
      repository: { type: "git", url: "git+https://github.com/fasthooks-workers/fasthooks-workers.git", directory: "client" },
    });
    expect(manifest.private).toBeUndefined();
    expect(readFileSync(join(installed, "LICENSE"), "utf8")).toMatch(
      /^MIT License\n\nCopyright \(c\) 2026 the fasthooks-workers authors\n/,
    );
    // The README tells a member to install the package, then the CLI's commands it names: each one this CLI has.
    const readme = readFileSync(join(installed, "README.md"), "utf8");
    expect(readme).toContain("npm install -g fasthooks-workers ");
    const named = [...readme.matchAll(/^fasthooks-workers ([a-z]+)/gm)].map((match) => match[1]!);
    expect(named).toEqual(expect.arrayContaining(["install", "doctor"]));
    for (const command of named) {
      expect((await run("fasthooks-workers", [command, "--help"], { env })).stdout).toMatch(new RegExp(`^fasthooks-workers ${command}\\b`));
    }
    expect(manifest.dependencies).toBeUndefined();
    expect(existsSync(join(prefix, "lib", "node_modules", "fasthooks-workers", "node_modules"))).toBe(false);
    // The bin runs on the machine's own Node, as Claude Code will start it.
    const node = (await run("node", ["--version"], { env })).stdout.trim();
    expect(Number(/^v(\d+)\./.exec(node)![1])).toBeGreaterThanOrEqual(20);
    const help = await run("fasthooks-workers", ["help"], { env });
    expect(help.stdout).toMatch(/^fasthooks-workers <command>/);
  });

  it("installs hooks into a project outside the repository, whose settings reach the Worker through the installed bin", async () => {
    const project = emptyDir("member-project");
    await run("git", ["init", "--quiet"], { cwd: project });
    const below = join(project, "app", "models");
    mkdirSync(below, { recursive: true });
    const member = { ...env, FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE };
    const installed = await run("fasthooks-workers", ["install", "--mode", "command"], { env: member, cwd: below });
    expect(installed.stdout).toContain(`${join(project, ".claude", "settings.json")}: updated`);
    expect(installed.stdout).not.toContain("not on PATH");

    // Written at the repository's root, naming the bin, never a path on this machine.
    const text = readFileSync(join(project, ".claude", "settings.json"), "utf8");
    const { hooks } = JSON.parse(text);
    expect(hooks.PreToolUse).toEqual([
      { matcher: "Write|Edit", hooks: [{ type: "command", command: "fasthooks-workers hook", timeout: 15 }] },
    ]);
    expect(text).not.toContain(prefix);
    expect(JSON.parse(readFileSync(join(project, ".claude", "fasthooks-workers.json"), "utf8"))).toEqual({ url });

    // Claude Code runs the entry's command in a shell, in the project, with no FASTHOOKS_URL: the
    // installed shim finds the URL install recorded, and the Worker's policy answers.
    const event = claudeEvent(newSession("package"), "PreToolUse", {
      tool_name: "Write",
      tool_input: { file_path: join(project, ".env"), content: "SECRET=1" },
      tool_use_id: "toolu_1",
    });
    const eventFile = join(project, "event.json");
    writeFileSync(eventFile, JSON.stringify(event));
    const hook = await run("sh", ["-c", `${hooks.PreToolUse[0].hooks[0].command} < "${eventFile}"`], {
      env: { ...env, FASTHOOKS_TOKEN: ALICE, CLAUDE_PROJECT_DIR: project },
      cwd: project,
    });
    expect(hook.stderr).toBe("");
    expect(JSON.parse(hook.stdout).hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny" });

    const removed = await run("fasthooks-workers", ["uninstall"], { env: member, cwd: below });
    expect(removed.stdout).toContain("removed, nothing else was in it");
  });
});
