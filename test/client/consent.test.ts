// The shim and the CLI as child processes, when the project's committed config points them at
// a Worker the user did not choose: the user's token is not sent there without their consent.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, it } from "vitest";
import { claudeEvent, emptyDir, newSession, runCli } from "./cli";
import { ALICE } from "./tokens";

const url = inject("workerUrl");
// On Linux, 0.0.0.0 reaches this machine's Worker, but it is not a name the CLI counts as this
// machine (localhost, 127.x, [::1]): here it stands for a Worker somewhere else.
const elsewhere = `http://0.0.0.0:${new URL(url).port}`;

function projectPointingAt(workerUrl: string): string {
  const project = emptyDir("project");
  mkdirSync(join(project, ".claude"));
  writeFileSync(join(project, ".claude", "fasthooks-workers.json"), JSON.stringify({ url: workerUrl }));
  return project;
}

function homeTrusting(...trustedUrls: string[]): string {
  const home = emptyDir("home");
  mkdirSync(join(home, ".config", "fasthooks-workers"), { recursive: true });
  writeFileSync(join(home, ".config", "fasthooks-workers", "config.json"), JSON.stringify({ trustedUrls }));
  return home;
}

const write = (session: string, file_path: string) =>
  JSON.stringify(
    claudeEvent(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path, content: "x = 1" }, tool_use_id: "toolu_1" }),
  );

async function tasksOf(session: string) {
  const res = await fetch(`${url}/v1/sessions/${session}/tasks`, { headers: { authorization: `Bearer ${ALICE}` } });
  return ((await res.json()) as { tasks: unknown[] }).tasks;
}

describe("the shim, sent elsewhere by a project file", () => {
  it("keeps the user's token, and fails open saying why, whatever the fail mode", async () => {
    const project = projectPointingAt(elsewhere);
    const session = newSession("untrusted");
    for (const failMode of ["open", "closed"]) {
      const run = await runCli(["hook"], {
        env: { CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE, FASTHOOKS_FAIL_MODE: failMode },
        input: write(session, "/p/a.rb"),
      });
      // Fails as an unreachable HTTP hook does: a non-blocking error (exit 1), never a deny.
      expect(run.code, failMode).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(
        /^fasthooks: hook not run: .*fasthooks-workers\.json sends hooks to http:\/\/0\.0\.0\.0:\d+, which you have not trusted with your token \(from environment\): not sent\. .*"trustedUrls".*\n$/,
      );
    }
    // Nothing reached the Worker: the write would have queued an analysis.
    expect(await tasksOf(session)).toEqual([]);
  });

  it("sends it once the user trusts that Worker, warning that it goes over plain http", async () => {
    const run = await runCli(["hook"], {
      env: { HOME: homeTrusting(elsewhere), CLAUDE_PROJECT_DIR: projectPointingAt(elsewhere), FASTHOOKS_TOKEN: ALICE },
      input: write(newSession("trusted"), "/p/.env"),
    });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).hookSpecificOutput.permissionDecision).toBe("deny");
    expect(run.stderr).toBe(`fasthooks: warning: your token goes to ${elsewhere} over plain http, readable on the way: use https\n`);
  });
});

describe("the CLI, sent elsewhere by a project file", () => {
  it("refuses to send the user's token, and says how to consent", async () => {
    const project = projectPointingAt(elsewhere);
    const run = await runCli(["sessions", "ls"], { env: { CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE }, cwd: project });
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/^fasthooks-workers: .*sends hooks to http:\/\/0\.0\.0\.0:\d+, which you have not trusted/);
    const install = await runCli(["install"], { env: { CLAUDE_PROJECT_DIR: project, FASTHOOKS_TOKEN: ALICE }, cwd: project });
    expect(install.code).toBe(5);
    expect(install.stderr).toMatch(/not sent/);
  });

  it("warns once, before the first request, when a trusted Worker is reached over plain http", async () => {
    const run = await runCli(["tasks", "ls", "--json"], {
      env: { HOME: homeTrusting(elsewhere), CLAUDE_PROJECT_DIR: projectPointingAt(elsewhere), FASTHOOKS_TOKEN: ALICE },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(
      `fasthooks-workers: warning: your token goes to ${elsewhere} over plain http, readable on the way: use https\n`,
    );
  });
});
