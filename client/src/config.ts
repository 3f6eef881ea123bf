// Where the shim and the CLI find the Worker and their token: environment variables first,
// then the project's .claude/fasthooks-workers.json, then ~/.config/fasthooks-workers/config.json.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type FailMode = "open" | "closed";

export interface Config {
  url: string | undefined;
  token: string | undefined;
  /** Connect + response, for one hook. Below Claude Code's own hook timeout. */
  timeoutMs: number;
  /** What a hook does when the Worker cannot answer: let Claude go on (open) or block (closed). */
  failMode: FailMode;
  /** Where each value came from, for `doctor`. */
  sources: Record<string, string>;
}

export const DEFAULT_TIMEOUT_MS = 8000;
export const DEFAULT_URL = "http://localhost:8787";

interface FileConfig {
  url?: string;
  token?: string;
  timeoutMs?: number;
  failMode?: FailMode;
}

export function userConfigPath(env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "fasthooks-workers", "config.json");
}

export function projectConfigPath(projectDir: string): string {
  return join(projectDir, ".claude", "fasthooks-workers.json");
}

function readJson(path: string): FileConfig | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined; // absent: nothing to read
  }
  try {
    return JSON.parse(text) as FileConfig;
  } catch {
    throw new Error(`${path} is not valid JSON`);
  }
}

/** The project a hook runs for: Claude Code sets CLAUDE_PROJECT_DIR; else the working directory. */
export function projectDir(env = process.env): string {
  return env.CLAUDE_PROJECT_DIR || process.cwd();
}

export function loadConfig(env = process.env): Config {
  const layers: [string, FileConfig | undefined][] = [
    [userConfigPath(env), readJson(userConfigPath(env))],
    [projectConfigPath(projectDir(env)), readJson(projectConfigPath(projectDir(env)))],
    [
      "environment",
      {
        url: env.FASTHOOKS_URL,
        token: env.FASTHOOKS_TOKEN,
        timeoutMs: env.FASTHOOKS_TIMEOUT_MS ? Number(env.FASTHOOKS_TIMEOUT_MS) : undefined,
        failMode: env.FASTHOOKS_FAIL_MODE as FailMode | undefined,
      },
    ],
  ];
  const merged: FileConfig = {};
  const sources: Record<string, string> = {};
  for (const [source, layer] of layers) {
    for (const [key, value] of Object.entries(layer ?? {})) {
      if (value === undefined || value === "") continue;
      (merged as Record<string, unknown>)[key] = value;
      sources[key] = source;
    }
  }
  const timeoutMs = merged.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new Error(`timeoutMs must be a positive number, not ${timeoutMs}`);
  const failMode = merged.failMode ?? "open";
  if (failMode !== "open" && failMode !== "closed") throw new Error(`failMode must be "open" or "closed", not "${failMode}"`);
  return { url: merged.url?.replace(/\/+$/, ""), token: merged.token, timeoutMs, failMode, sources };
}
