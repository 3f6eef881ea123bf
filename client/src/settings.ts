// Claude Code's settings files, and which of their hook entries are ours. The entries themselves
// are made by src/hooks/settings-fragment.ts, shared with the Worker's GET /v1/hooks/settings.
import { homedir } from "node:os";
import { join } from "node:path";
import {
  HOOK_TIMEOUT_SECONDS,
  type HookEntry,
  type HookMode,
  HOOKS_PATH,
  type MatcherGroup,
  TOKEN_VAR,
} from "../../src/hooks/settings-fragment";

export type { HookEntry } from "../../src/hooks/settings-fragment";

export type Scope = "project" | "local" | "user";
export type Mode = HookMode;

export function settingsPath(scope: Scope, projectDir: string, env = process.env): string {
  if (scope === "user") return join(env.HOME || homedir(), ".claude", "settings.json");
  return join(projectDir, ".claude", scope === "local" ? "settings.local.json" : "settings.json");
}

export interface Settings {
  hooks?: Record<string, MatcherGroup[]>;
  [field: string]: unknown;
}

/**
 * The most the shim may take, from process start: a second under Claude Code's timeout on our
 * hooks, so that the shim's own answer, not Claude Code's kill, ends it.
 */
export const SHIM_BUDGET_MAX_MS = (HOOK_TIMEOUT_SECONDS - 1) * 1000;

/** Our shim however it was started: by name (`fasthooks-workers hook`, through npx or not) or by path (older installs). */
export function isOurCommand(entry: HookEntry): boolean {
  return (
    entry.type === "command" && typeof entry.command === "string" && /(^|[\s/"'])fasthooks-workers(\.js)?["']? hook$/.test(entry.command)
  );
}

/** An HTTP entry shaped as ours, for any Worker: the hooks path and our token variable. */
export function isFasthooksHttp(entry: HookEntry): boolean {
  const envVars = entry.allowedEnvVars;
  return (
    entry.type === "http" &&
    typeof entry.url === "string" &&
    entry.url.endsWith(HOOKS_PATH) &&
    Array.isArray(envVars) &&
    envVars.includes(TOKEN_VAR)
  );
}

/** The hooks URL of the Worker at `baseUrl`, normalised so that equal URLs compare equal. */
function hooksUrlOf(baseUrl: string): string {
  return new URL(`${baseUrl.replace(/\/+$/, "")}${HOOKS_PATH}`).href;
}

function sameUrl(a: string, b: string): boolean {
  try {
    return new URL(a).href === new URL(b).href;
  } catch {
    return false;
  }
}

/** An entry shaped as ours, for any Worker: our shim, or an HTTP hook shaped as ours (what `doctor` looks for). */
export function isOurs(entry: HookEntry): boolean {
  return isOurCommand(entry) || isFasthooksHttp(entry);
}

/**
 * The entries `install` may replace and `uninstall` remove: our shim, or an HTTP hook to the
 * Worker at `baseUrl`. Another Worker's hooks are someone else's and are left alone.
 */
export function oursFor(baseUrl: string): (entry: HookEntry) => boolean {
  const url = hooksUrlOf(baseUrl);
  return (entry) => isOurCommand(entry) || (entry.type === "http" && typeof entry.url === "string" && sameUrl(entry.url, url));
}
