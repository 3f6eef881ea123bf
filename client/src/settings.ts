// Claude Code's settings files, and the hook entries this CLI writes into them.
import { homedir } from "node:os";
import { join } from "node:path";
import type { FailMode } from "./config";
import { CLOSED_DENIES } from "./failure";

export type Scope = "project" | "local" | "user";

export function settingsPath(scope: Scope, projectDir: string, env = process.env): string {
  if (scope === "user") return join(env.HOME || homedir(), ".claude", "settings.json");
  return join(projectDir, ".claude", scope === "local" ? "settings.local.json" : "settings.json");
}

export interface HookEntry {
  type: string;
  [field: string]: unknown;
}

export interface MatcherGroup {
  matcher?: string;
  hooks: HookEntry[];
  [field: string]: unknown;
}

export interface Settings {
  hooks?: Record<string, MatcherGroup[]>;
  [field: string]: unknown;
}

export type Mode = "http" | "command";

/** Events Claude Code never sends to an HTTP hook ("HTTP hooks are not supported for SessionStart"). */
export const COMMAND_ONLY_EVENTS: ReadonlySet<string> = new Set(["SessionStart", "Setup"]);

export interface EntryOptions {
  mode: Mode;
  /** The Worker's base URL (http mode). */
  url: string;
  /** The shim's command line (command mode, and events that take no HTTP hook). */
  command: string;
  async: boolean;
  /** "closed": a hook that fails denies, where a denial means something (see failure.ts). */
  failMode: FailMode;
}

/** Claude Code's timeout (seconds) on our hooks: above the shim's own, so the shim answers first. */
export const HOOK_TIMEOUT_SECONDS = 15;

/**
 * The most the shim may take, from process start: a second under that timeout, so that the
 * shim's own answer, not Claude Code's kill, ends it.
 */
export const SHIM_BUDGET_MAX_MS = (HOOK_TIMEOUT_SECONDS - 1) * 1000;

/** Our entry for `event`: a command where Claude Code takes no HTTP hook, whatever the mode. */
export function ourEntry(event: string, options: EntryOptions): HookEntry {
  const mode = COMMAND_ONLY_EVENTS.has(event) ? "command" : options.mode;
  // Claude Code's own fail-closed: a failed request, a timeout or a shim that cannot start
  // counts as a block (exit 2). Ignored on async hooks, so not written there.
  const onFailure = options.failMode === "closed" && CLOSED_DENIES.has(event) && !(mode === "command" && options.async);
  if (mode === "http") {
    // The token stays in the environment: Claude Code substitutes allowed variables in headers.
    return {
      type: "http",
      url: `${options.url}/v1/hooks`,
      headers: { Authorization: "Bearer $FASTHOOKS_TOKEN" },
      allowedEnvVars: ["FASTHOOKS_TOKEN"],
      timeout: HOOK_TIMEOUT_SECONDS,
      ...(onFailure ? { onFailure: "block" } : {}),
    };
  }
  return {
    type: "command",
    command: options.command,
    timeout: HOOK_TIMEOUT_SECONDS,
    ...(options.async ? { async: true } : {}),
    ...(onFailure ? { onFailure: "block" } : {}),
  };
}

/** Entries this CLI wrote (any URL, any mode), so uninstall never touches a user's own hooks. */
export function isOurs(entry: HookEntry): boolean {
  if (entry.type === "http") {
    const envVars = entry.allowedEnvVars;
    return (
      typeof entry.url === "string" && entry.url.endsWith("/v1/hooks") && Array.isArray(envVars) && envVars.includes("FASTHOOKS_TOKEN")
    );
  }
  return entry.type === "command" && typeof entry.command === "string" && /fasthooks-workers(\.js)?"? hook$/.test(entry.command);
}

/** "", "*" and no matcher all mean every tool. */
function sameMatcher(a: string | undefined, b: string | undefined): boolean {
  const norm = (m: string | undefined) => (m === undefined || m === "" || m === "*" ? "" : m);
  return norm(a) === norm(b);
}

/**
 * `settings` with exactly `wanted` as our entries: kept where already right, added where
 * missing, removed where no longer wanted. Everything else is left as it was.
 */
export function withOurHooks(settings: Settings, wanted: { event: string; matcher?: string; entry: HookEntry }[]): Settings {
  const next = structuredClone(settings);
  const hooks = (next.hooks ??= {});
  const pending = [...wanted];
  let removed = false;
  for (const [event, groups] of Object.entries(hooks)) {
    for (const group of groups) {
      group.hooks = group.hooks.filter((entry) => {
        if (!isOurs(entry)) return true;
        const index = pending.findIndex(
          (want) =>
            want.event === event && sameMatcher(want.matcher, group.matcher) && JSON.stringify(want.entry) === JSON.stringify(entry),
        );
        if (index === -1) {
          removed = true;
          return false;
        }
        pending.splice(index, 1);
        return true;
      });
    }
    hooks[event] = groups.filter((group) => group.hooks.length > 0);
    if (hooks[event]!.length === 0) delete hooks[event];
  }
  for (const want of pending) {
    const groups = (hooks[want.event] ??= []);
    const group = groups.find((candidate) => sameMatcher(candidate.matcher, want.matcher));
    if (group) group.hooks.push(want.entry);
    else groups.push({ ...(want.matcher ? { matcher: want.matcher } : {}), hooks: [want.entry] });
  }
  // An empty "hooks" the user wrote stays; one emptied by removing ours goes.
  if (Object.keys(hooks).length === 0 && (settings.hooks === undefined || removed)) delete next.hooks;
  return next;
}

export function formatSettings(settings: Settings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}
