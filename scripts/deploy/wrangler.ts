// Running the wrangler CLI. The deploy steps take a `Wrangler` function, so tests give them a
// fake Cloudflare and assert the commands, their order and what went to stdin.
import { spawn } from "node:child_process";
import { delimiter, join } from "node:path";

export interface WranglerCall {
  args: string[];
  /** Written to wrangler's stdin (a secret for `secret put`); stdin is closed either way. */
  input?: string;
  /** Also show wrangler's output as it comes (the deploy itself). */
  echo?: boolean;
  env?: Record<string, string>;
}

export interface WranglerResult {
  code: number;
  stdout: string;
  stderr: string;
}

export type Wrangler = (call: WranglerCall) => Promise<WranglerResult>;

// wrangler colours its messages even into a pipe.
export const plain = (text: string) => text.replaceAll(/\x1b\[[0-9;]*m/g, "");

/** What wrangler said, first line first, for an error message. */
export function wranglerSaid(result: WranglerResult): string {
  const text = plain(`${result.stderr}\n${result.stdout}`)
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("🪵"));
  return text.join("\n    ") || `exit code ${result.code}, no output`;
}

/**
 * The real CLI: `wrangler` from PATH (npm scripts put node_modules/.bin first), else this
 * project's. Its stdin is never a terminal, so wrangler never stops at a prompt.
 */
export function systemWrangler(projectDir: string): Wrangler {
  const path = [process.env.PATH, join(projectDir, "node_modules", ".bin")].filter(Boolean).join(delimiter);
  return ({ args, input, echo, env }) =>
    new Promise((resolve, reject) => {
      const child = spawn("wrangler", args, {
        cwd: projectDir,
        env: { ...process.env, PATH: path, ...env },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => {
        stdout += chunk;
        if (echo) process.stdout.write(chunk);
      });
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
        if (echo) process.stderr.write(chunk);
      });
      child.on("error", (error: NodeJS.ErrnoException) =>
        reject(error.code === "ENOENT" ? new Error("wrangler is not installed here: run npm ci first") : error),
      );
      child.on("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
      // A wrangler that exits before reading its stdin is reported by its exit code, not by EPIPE.
      child.stdin.on("error", () => {});
      child.stdin.end(input ?? "");
    });
}
