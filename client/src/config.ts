// Where the shim and the CLI find the Worker and their token: environment variables first,
// then the project's .claude/fasthooks-workers.local.json (this member's, like Claude Code's
// settings.local.json) and .claude/fasthooks-workers.json (the team's, committed), then
// ~/.config/fasthooks-workers/config.json. `install` records the Worker's URL in the file of its
// scope. Whoever can push to the project writes its files: a URL from one of them gets a token
// from the user's own config or environment only with the user's consent.
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
  /** Why `token` must not be sent to `url`, and how to consent; unset when it may be. */
  tokenWithheld?: string;
}

const DEFAULT_TIMEOUT_MS = 8000;
export const DEFAULT_URL = "http://localhost:8787";

interface FileConfig {
  url?: string;
  token?: string;
  timeoutMs?: number;
  failMode?: FailMode;
  /** User config only: Worker URLs that a project file may send the user's token to. */
  trustedUrls?: string[];
}

export function userConfigPath(env = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(env.HOME || homedir(), ".config"), "fasthooks-workers", "config.json");
}

export function projectConfigPath(projectDir: string): string {
  return join(projectDir, ".claude", "fasthooks-workers.json");
}

/** The member's own file in the project, for `install --scope local`. */
export function localConfigPath(projectDir: string): string {
  return join(projectDir, ".claude", "fasthooks-workers.local.json");
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
function projectDir(env = process.env): string {
  return env.CLAUDE_PROJECT_DIR || process.cwd();
}

/** A project file's settings: whom to trust is the user's to say, never the project's. */
function readProjectJson(path: string): FileConfig {
  const { trustedUrls: _ignored, ...settings } = readJson(path) ?? {};
  return settings;
}

export function loadConfig(env = process.env, dir = projectDir(env)): Config {
  const userPath = userConfigPath(env);
  const projectPath = projectConfigPath(dir);
  const localPath = localConfigPath(dir);
  const user = readJson(userPath);
  const layers: [string, FileConfig | undefined][] = [
    [userPath, user],
    [projectPath, readProjectJson(projectPath)],
    [localPath, readProjectJson(localPath)],
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
  const url = merged.url?.replace(/\/+$/, "");
  const trusted = [...(Array.isArray(user?.trustedUrls) ? user.trustedUrls : []), user?.url];
  const fromProject = sources.url === projectPath || sources.url === localPath;
  const tokenWithheld =
    merged.token !== undefined && fromProject && sources.token !== sources.url
      ? untrustedReason(url!, trusted, { projectPath: sources.url!, userPath, tokenSource: sources.token! })
      : undefined;
  return { url, token: merged.token, timeoutMs, failMode, sources, ...(tokenWithheld ? { tokenWithheld } : {}) };
}

const originOf = (url: unknown): string | null => {
  try {
    return typeof url === "string" ? new URL(url).origin : null;
  } catch {
    return null;
  }
};

/** This machine, by a name no DNS answer or network path can move elsewhere. */
export function isLocalHost(hostname: string): boolean {
  return hostname === "localhost" || hostname === "[::1]" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Why a URL from the project file may not get the user's token, or undefined when it may. */
function untrustedReason(
  url: string,
  trusted: unknown[],
  where: { projectPath: string; userPath: string; tokenSource: string },
): string | undefined {
  const origin = originOf(url);
  if (origin === null) return `${where.projectPath} names "${url}" as the Worker's URL, which is not a URL`;
  if (isLocalHost(new URL(origin).hostname)) return undefined;
  if (trusted.some((candidate) => originOf(candidate) === origin)) return undefined;
  return (
    `${where.projectPath} sends hooks to ${origin}, which you have not trusted with your token (from ${where.tokenSource}): ` +
    `not sent. If that is your team's Worker, add "${origin}" to "trustedUrls" in ${where.userPath}, or set FASTHOOKS_URL`
  );
}

/** A token was configured, but not for this URL (see `untrustedReason`). */
export class TokenWithheldError extends Error {
  override name = "TokenWithheldError";
}

/** No Worker URL anywhere: nothing to send a hook to. */
export class NoUrlError extends Error {
  override name = "NoUrlError";
  constructor() {
    super(
      "no Worker URL configured: set FASTHOOKS_URL, or run `fasthooks-workers install` in this project " +
        `(it records the URL in ${join(".claude", "fasthooks-workers.json")})`,
    );
  }
}

/** The token to send to the configured URL, or an error saying why there is none. */
export function tokenFor(config: Config): string {
  if (config.tokenWithheld) throw new TokenWithheldError(config.tokenWithheld);
  if (!config.token) throw new Error('no token: set FASTHOOKS_TOKEN or "token" in a config file (see `fasthooks-workers doctor`)');
  return config.token;
}

/** A warning when the token would cross a network in clear text. */
export function insecureTransportWarning(config: Config): string | undefined {
  const origin = originOf(config.url ?? DEFAULT_URL);
  if (!origin) return undefined;
  const { protocol, hostname } = new URL(origin);
  if (protocol !== "http:" || isLocalHost(hostname)) return undefined;
  return `warning: your token goes to ${origin} over plain http, readable on the way: use https`;
}
