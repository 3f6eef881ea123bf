// Where `install` leaves the Worker's URL (the file of its scope) and the user's consent to send
// their token there, so that the shim and the CLI find both with no FASTHOOKS_URL; the shim that
// finds no URL says so; and the project is the git repository's root, or --project.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, inject, it } from "vitest";
import { loadConfig, tokenFor } from "../../client/src/config.ts";
import { claudeEvent, emptyDir, newSession, runCli } from "./cli";
import { ALICE } from "./tokens";

const url = inject("workerUrl");
// Not a name the CLI counts as this machine (see consent.test.ts): a Worker somewhere else.
const elsewhere = `http://0.0.0.0:${new URL(url).port}`;

let home: string;
let project: string;
beforeEach(() => {
  home = emptyDir("home");
  project = emptyDir("project");
});

const userConfig = () => join(home, ".config", "fasthooks-workers", "config.json");
const projectConfig = () => join(project, ".claude", "fasthooks-workers.json");
const read = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const install = (workerUrl: string, ...args: string[]) =>
  runCli(["install", ...args], {
    env: { HOME: home, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: ALICE, CLAUDE_PROJECT_DIR: project },
    cwd: project,
  });

/** A Write of .env, which the default app denies: an answer only the Worker gives. */
const dotEnvWrite = () =>
  JSON.stringify(
    claudeEvent(newSession("url"), "PreToolUse", {
      tool_name: "Write",
      tool_input: { file_path: "/p/.env", content: "x" },
      tool_use_id: "toolu_1",
    }),
  );
/** The shim as Claude Code starts it in the project: the token in the environment, no FASTHOOKS_URL. */
const shim = (env: Record<string, string> = {}) =>
  runCli(["hook"], { env: { HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE, ...env }, input: dotEnvWrite() });
const denied = (stdout: string) => JSON.parse(stdout).hookSpecificOutput?.permissionDecision === "deny";

describe("install records the Worker's URL", () => {
  it("in the project's .claude/fasthooks-workers.json, where the shim finds it", async () => {
    const run = await install(url);
    expect(run.stdout).toContain(`${projectConfig()}: url ${url}\n`);
    expect(read(projectConfig())).toEqual({ url });
    const hook = await shim();
    expect(hook.code).toBe(0);
    expect(denied(hook.stdout)).toBe(true);
    // This machine's Worker needs no consent: the user's config is not written.
    expect(run.stdout).not.toContain("trustedUrls");
  });

  it("and the user's consent to send their token to a Worker elsewhere, in their own trustedUrls", async () => {
    mkdirSync(join(home, ".config", "fasthooks-workers"), { recursive: true });
    writeFileSync(userConfig(), '{\n\t"failMode": "open"\n}\n');
    const run = await install(elsewhere);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${userConfig()}: trustedUrls + ${elsewhere} (your token may go there)`);
    expect(readFileSync(userConfig(), "utf8")).toBe(`{\n\t"failMode": "open",\n\t"trustedUrls": [\n\t\t"${elsewhere}"\n\t]\n}\n`);
    expect(read(projectConfig())).toEqual({ url: elsewhere });
    const hook = await shim();
    expect(hook.code).toBe(0);
    expect(denied(hook.stdout)).toBe(true);
    // Once is enough.
    expect((await install(elsewhere)).stdout).not.toContain("trustedUrls");
    expect(read(userConfig()).trustedUrls).toEqual([elsewhere]);
  });

  it("keeps what else the project file says, and says when the URL changes", async () => {
    mkdirSync(join(project, ".claude"));
    writeFileSync(projectConfig(), '{ "timeoutMs": 5000, "url": "https://old.example" }\n');
    const run = await install(url);
    expect(run.stdout).toContain(`${projectConfig()}: url ${url} (was https://old.example)`);
    expect(readFileSync(projectConfig(), "utf8")).toBe(`{ "timeoutMs": 5000, "url": "${url}" }\n`);
  });

  it("in .claude/fasthooks-workers.local.json with --scope local: the member's own, beside settings.local.json", async () => {
    await install(elsewhere, "--scope", "local");
    expect(read(join(project, ".claude", "fasthooks-workers.local.json"))).toEqual({ url: elsewhere });
    expect(read(userConfig()).trustedUrls).toEqual([elsewhere]);
    const hook = await shim();
    expect(denied(hook.stdout)).toBe(true);
  });

  it("in the user's own config with --scope user, for every project", async () => {
    await install(url, "--scope", "user");
    expect(read(userConfig())).toEqual({ url });
    project = emptyDir("another-project");
    expect(denied((await shim()).stdout)).toBe(true);
  });
});

describe("a URL in the member's local project file", () => {
  it("gets the user's token only with their consent, as the committed one", () => {
    mkdirSync(join(project, ".claude"));
    writeFileSync(join(project, ".claude", "fasthooks-workers.local.json"), JSON.stringify({ url: elsewhere, trustedUrls: [elsewhere] }));
    const config = loadConfig({ HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE });
    expect(config.url).toBe(elsewhere);
    expect(() => tokenFor(config)).toThrow(
      /fasthooks-workers\.local\.json sends hooks to http:\/\/0\.0\.0\.0:\d+, which you have not trusted/,
    );
    mkdirSync(join(home, ".config", "fasthooks-workers"), { recursive: true });
    writeFileSync(userConfig(), JSON.stringify({ trustedUrls: [elsewhere] }));
    expect(tokenFor(loadConfig({ HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE }))).toBe(ALICE);
  });
});

describe("the shim with no URL configured", () => {
  it("says so and goes on, whatever the fail mode: nothing is set up here, no Worker is down", async () => {
    for (const failMode of ["open", "closed"]) {
      const run = await shim({ FASTHOOKS_FAIL_MODE: failMode });
      expect(run).toEqual({
        code: 1,
        stdout: "",
        stderr:
          "fasthooks: hook not run: no Worker URL configured: set FASTHOOKS_URL, or run `fasthooks-workers install` in this project " +
          "(it records the URL in .claude/fasthooks-workers.json)\n",
      });
    }
  });

  it("sends the machine's name the member set in FASTHOOKS_MACHINE, as HTTP hooks do", async () => {
    await install(url);
    const session = newSession("machine-name");
    await runCli(["hook"], {
      env: { HOME: home, CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE, FASTHOOKS_MACHINE: "ada-laptop\r\nX-Evil: 1" },
      input: JSON.stringify(
        claudeEvent(session, "PreToolUse", {
          tool_name: "Write",
          tool_input: { file_path: "/p/a.rb", content: "x = 1" },
          tool_use_id: "t",
        }),
      ),
    });
    const res = await fetch(`${url}/v1/sessions/${session}/tasks/analyze_code/wait?timeout=20`, {
      headers: { authorization: `Bearer ${ALICE}` },
    });
    // Control characters are dropped: they cannot end the header and start another.
    expect(((await res.json()) as any).addedBy.machine).toBe("ada-laptopX-Evil: 1");
  });
});

describe("the project install works on", () => {
  const git = (cwd: string, ...args: string[]) => execFileSync("git", args, { cwd, stdio: "ignore" });
  const installIn = (cwd: string, ...args: string[]) =>
    runCli(["install", ...args], { env: { HOME: home, FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE }, cwd });

  it("is the git repository's root, wherever in it install runs", async () => {
    git(project, "init", "--quiet");
    const deep = join(project, "src", "lib");
    mkdirSync(deep, { recursive: true });
    const run = await installIn(deep);
    expect(run.code, run.stderr).toBe(0);
    expect(read(join(project, ".claude", "settings.json")).hooks.Stop).toHaveLength(1);
    expect(read(projectConfig())).toEqual({ url });
  });

  it("is the current directory outside a repository, and the one --project names", async () => {
    const run = await installIn(project);
    expect(run.stdout).toContain(`${join(project, ".claude", "settings.json")}: updated`);
    const other = emptyDir("named");
    const named = await installIn(project, "--project", other);
    expect(named.stdout).toContain(`${join(other, ".claude", "settings.json")}: updated`);
    const missing = await installIn(project, "--project", join(other, "nope"));
    // A usage error: nothing was sent.
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`--project ${join(other, "nope")}: no such directory`);
  });
});
