// The hook entries Claude Code's settings need to reach this Worker, made in one place for both
// the Worker (GET /v1/hooks/settings, pasted by a member with no local install) and the CLI's
// `install` (bundled from here): what one serves, the other writes. No imports with weight: the
// CLI bundles this file.
import { COMMAND_ONLY_EVENTS, DECISION_EVENTS } from "./event-table";

/** Where Claude Code's events go, under the Worker's base URL. */
export const HOOKS_PATH = "/v1/hooks";

/** How a settings file starts the shim: by name, from PATH, never a machine's own path (the file is committed). */
const SHIM_COMMAND = "fasthooks-workers hook";

/** Claude Code's timeout (seconds) on our hooks: above the shim's own, so the shim answers first. */
export const HOOK_TIMEOUT_SECONDS = 15;

/**
 * How long a handler's waits may last from the event's arrival: the hook's timeout less 2 s, the
 * shim's start before the request and the answer's way back. A wait past it would end after
 * Claude Code (or the shim) has given up on the hook, and its answer would be thrown away.
 */
export const HANDLER_WAIT_BUDGET_MS = (HOOK_TIMEOUT_SECONDS - 2) * 1000;

/** The environment variables an HTTP hook's headers take: the token, and the machine's name. */
export const TOKEN_VAR = "FASTHOOKS_TOKEN";
export const MACHINE_VAR = "FASTHOOKS_MACHINE";
/** The machine a hook ran on, recorded on the tasks it adds. */
export const MACHINE_HEADER = "X-Fasthooks-Machine";

/**
 * GET /v1/hooks/events: the hook events (and tool matchers) the Worker's app handles, so
 * `install` writes exactly those into Claude Code's settings. No matcher: every tool / all.
 */
export interface HookEventsListing {
  events: { event: string; matcher?: string }[];
}

export type HookMode = "http" | "command";

export interface HookEntry {
  type: string;
  [field: string]: unknown;
}

export interface MatcherGroup {
  matcher?: string;
  hooks: HookEntry[];
  [field: string]: unknown;
}

/** A settings fragment: the `hooks` key of Claude Code's settings, as a file holds it. */
export interface HooksSettings {
  hooks: Record<string, MatcherGroup[]>;
}

export interface EntryOptions {
  /** The Worker's base URL, without a trailing slash. */
  url: string;
  mode: HookMode;
  /** "closed": a hook that fails blocks, where a block is a denial (DECISION_EVENTS). */
  failMode: "open" | "closed";
  /** Command hooks run in the background (never on DECISION_EVENTS). */
  async?: boolean;
  /** How the shim is started (default SHIM_COMMAND). */
  command?: string;
}

/** Whether `event`'s entry runs in the background: asked for, a command, and not a decision. */
function runsInBackground(event: string, options: EntryOptions): boolean {
  return Boolean(options.async) && modeFor(event, options.mode) === "command" && !DECISION_EVENTS.has(event);
}

function modeFor(event: string, mode: HookMode): HookMode {
  return COMMAND_ONLY_EVENTS.has(event) ? "command" : mode;
}

/** Our entry for `event`: the shim where Claude Code takes no HTTP hook, whatever the mode. */
export function hookEntry(event: string, options: EntryOptions): HookEntry {
  const background = runsInBackground(event, options);
  // Claude Code's own fail-closed: a failed request, a timeout or a shim that cannot start
  // counts as a block. It ignores it on background hooks, so it is not written there.
  const onFailure = options.failMode === "closed" && DECISION_EVENTS.has(event) && !background;
  if (modeFor(event, options.mode) === "http") {
    // The token stays in the environment: Claude Code puts allowed variables into headers (an
    // unset one becomes "", which the Worker reads as no machine).
    return {
      type: "http",
      url: `${options.url}${HOOKS_PATH}`,
      headers: { Authorization: `Bearer $${TOKEN_VAR}`, [MACHINE_HEADER]: `$${MACHINE_VAR}` },
      allowedEnvVars: [TOKEN_VAR, MACHINE_VAR],
      timeout: HOOK_TIMEOUT_SECONDS,
      ...(onFailure ? { onFailure: "block" } : {}),
    };
  }
  return {
    type: "command",
    command: options.command ?? SHIM_COMMAND,
    timeout: HOOK_TIMEOUT_SECONDS,
    ...(background ? { async: true } : {}),
    ...(onFailure ? { onFailure: "block" } : {}),
  };
}

export interface WantedEntry {
  event: string;
  matcher?: string;
  entry: HookEntry;
}

/** One entry per event (and matcher) the app handles. */
export function hookEntries(listing: HookEventsListing, options: EntryOptions): WantedEntry[] {
  return listing.events.map(({ event, matcher }) => ({ event, ...(matcher ? { matcher } : {}), entry: hookEntry(event, options) }));
}

/** The same entries as the `hooks` key of a settings file, to paste into one. */
export function settingsFragment(listing: HookEventsListing, options: EntryOptions): HooksSettings {
  const hooks: Record<string, MatcherGroup[]> = {};
  for (const { event, matcher, entry } of hookEntries(listing, options)) {
    const groups = (hooks[event] ??= []);
    const group = groups.find((candidate) => candidate.matcher === matcher);
    if (group) group.hooks.push(entry);
    else groups.push({ ...(matcher ? { matcher } : {}), hooks: [entry] });
  }
  return { hooks };
}
