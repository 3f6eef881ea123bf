// The project the CLI works on: the one named with --project, else the one Claude Code names
// (CLAUDE_PROJECT_DIR, when the CLI runs under it), else the git repository the current
// directory is in (its root, wherever below it the command was typed), else that directory.
// The shim never asks git: Claude Code always names the project for a hook.
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./exit";

export function findProjectDir(explicit: string | undefined, env = process.env, cwd = process.cwd()): string {
  if (explicit !== undefined) {
    const dir = resolve(cwd, explicit);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`--project ${explicit}: no such directory`);
    return dir;
  }
  if (env.CLAUDE_PROJECT_DIR) return env.CLAUDE_PROJECT_DIR;
  return gitRoot(cwd) ?? cwd;
}

function gitRoot(cwd: string): string | undefined {
  try {
    const root = execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
    return root || undefined;
  } catch {
    return undefined; // not in a repository, or no git on this machine
  }
}
