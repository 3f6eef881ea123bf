// Running the built CLI as Claude Code runs a command hook: a child process, stdin, exit code.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const CLI = join(process.cwd(), "client/dist/fasthooks-workers.js");

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  cwd?: string;
  leaveStdinOpen?: boolean;
}

/** Runs the CLI on the machine's own Node (as a user's Claude Code would), with a clean env. */
export function runCli(args: string[], options: RunOptions = {}): Promise<Run> {
  return run("/usr/bin/env", ["node", CLI, ...args], options);
}

/**
 * Runs the CLI with a terminal for stdin, stdout and stderr (util-linux `script` gives it a
 * pseudo-terminal); what it printed, both streams together, is in `stdout`.
 */
export function runCliInTerminal(args: string[], options: RunOptions = {}): Promise<Run> {
  const quote = (word: string) => `'${word.replaceAll("'", "'\\''")}'`;
  const command = ["node", CLI, ...args].map(quote).join(" ");
  return run("script", ["--quiet", "--return", "--command", command, "/dev/null"], {
    ...options,
    env: { TERM: "dumb", ...options.env },
  });
}

function run(file: string, args: string[], options: RunOptions): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd ?? tmpdir(),
      // No FASTHOOKS_* from the test runner's environment; a HOME of its own unless given.
      env: { PATH: machinePath(), HOME: options.env?.HOME ?? emptyDir("home"), ...options.env },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    if (options.leaveStdinOpen) child.stdin.write(options.input ?? "");
    else child.stdin.end(options.input ?? "");
  });
}

/**
 * A PATH on which `fasthooks-workers` is the built CLI, as `npm install -g` links it, ahead of
 * the machine's own: settings that name the shim find it.
 */
export function pathWithShim(): string {
  const bin = emptyDir("bin");
  symlinkSync(CLI, join(bin, "fasthooks-workers"));
  return `${bin}:${machinePath()}`;
}

/** The machine's PATH without node_modules/.bin: the shim must run on the user's own Node. */
export function machinePath(): string {
  return (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
}

const created: string[] = [];

export function emptyDir(label: string): string {
  const dir = mkdtempSync(join(tmpdir(), `fasthooks-${label}-`));
  created.push(dir);
  return dir;
}

/** Removes the directories this test file made (see setup.ts). */
export function removeCreatedDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An event as Claude Code writes it on a command hook's stdin. */
export function claudeEvent(session: string, hook_event_name: string, fields: Record<string, unknown> = {}) {
  return {
    session_id: session,
    transcript_path: `/home/ada/.claude/projects/shop/${session}.jsonl`,
    cwd: "/home/ada/shop",
    permission_mode: "default",
    hook_event_name,
    ...fields,
  };
}

export function newSession(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
