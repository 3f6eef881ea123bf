// `doctor`'s look at the hooks installed in Claude Code's settings, against what the Worker's app
// handles now (GET /v1/hooks/events). After a team adds a handler (a new event, a new tool in a
// matcher), the installed hooks never send Claude Code's events for it: the new policy would
// silently never run, so a stale entry is a problem, and `install` again is the fix.
import { COMMAND_ONLY_EVENTS, DECISION_EVENTS } from "../../src/hooks/event-table";
import type { Finding } from "./checks";
import type { FailMode } from "./config";
import { type HookEntry, isOurs, type Scope, type Settings } from "./settings";

/** One settings file as read: its settings, or why they could not be. */
export interface SettingsFile {
  scope: Scope;
  path: string;
  settings?: Settings;
  unreadable?: string;
}

export interface HookCheckInput {
  files: SettingsFile[];
  /**
   * What the Worker's app handles (GET /v1/hooks/events, typed in src/hooks/hook-app.ts);
   * undefined when the Worker could not be asked.
   */
  listing: AppEvents | undefined;
  /** The Worker's base URL, where our HTTP hooks must send. */
  url: string;
  failMode: FailMode;
  /** Whether FASTHOOKS_TOKEN is set here: HTTP hooks take the token from it. */
  tokenInEnv: boolean;
}

/** The part of HookEventsListing read here (said again so this file needs none of the Worker's types). */
interface AppEvents {
  events: { event: string; matcher?: string }[];
}

interface Installed {
  file: SettingsFile;
  event: string;
  matcher: string;
  entry: HookEntry;
}

/** "", "*" and no matcher all mean every tool (or every source, for SessionStart). */
const normal = (matcher: string | undefined) => (matcher === undefined || matcher === "*" ? "" : matcher);

const label = (event: string, matcher: string) => (matcher ? `${event}(${matcher})` : event);

const INSTALL = "run `fasthooks-workers install`";

export function checkHooks({ files, listing, url, failMode, tokenInEnv }: HookCheckInput): Finding[] {
  const findings: Finding[] = [];
  const problem = (text: string) => findings.push({ outcome: "problem", text });
  const installed: Installed[] = [];
  for (const file of files) {
    if (file.unreadable) problem(`${file.path}: ${file.unreadable}; Claude Code cannot read it either`);
    for (const [event, groups] of Object.entries(file.settings?.hooks ?? {})) {
      if (!Array.isArray(groups)) continue;
      for (const group of groups) {
        for (const entry of Array.isArray(group?.hooks) ? group.hooks : []) {
          if (COMMAND_ONLY_EVENTS.has(event) && entry?.type === "http") {
            problem(
              `${file.path}: ${event} has an HTTP hook, which Claude Code never calls for ${event}: ${INSTALL} (it writes a command hook there)`,
            );
          }
          if (entry && isOurs(entry)) installed.push({ file, event, matcher: normal(group.matcher), entry });
        }
      }
    }
  }
  findings.push(...entryProblems(installed, url, failMode, tokenInEnv));
  if (listing) {
    findings.push(...againstTheApp(installed, listing));
  } else if (installed.length) {
    findings.push({ outcome: "note", text: "the installed hooks were not compared with the Worker's app: it could not be asked" });
  }
  return findings;
}

/** What is wrong with our entries whatever the app handles: where they send, the token, the fail mode. */
function entryProblems(installed: Installed[], url: string, failMode: FailMode, tokenInEnv: boolean): Finding[] {
  const findings: Finding[] = [];
  const expectedUrl = `${url}/v1/hooks`;
  const http = installed.filter(({ entry }) => entry.type === "http");
  const elsewhere = http.filter(({ entry }) => entry.url !== expectedUrl);
  for (const path of new Set(elsewhere.map(({ file }) => file.path))) {
    const urls = [...new Set(elsewhere.filter(({ file }) => file.path === path).map(({ entry }) => String(entry.url)))];
    findings.push({
      outcome: "problem",
      text: `${path}: the HTTP hooks send to ${urls.join(", ")}, not ${expectedUrl}: ${INSTALL} again (with FASTHOOKS_URL set to the Worker's URL)`,
    });
  }
  if (http.length && !tokenInEnv) {
    findings.push({
      outcome: "problem",
      text: "the HTTP hooks send $FASTHOOKS_TOKEN, which is not set here: export FASTHOOKS_TOKEN where Claude Code runs",
    });
  }
  if (failMode === "closed") {
    for (const { file, event, entry } of installed) {
      if (DECISION_EVENTS.has(event) && entry.onFailure !== "block" && !entry.async) {
        findings.push({
          outcome: "problem",
          text: `${file.path}: failMode is closed but the ${event} hook does not block when it fails: ${INSTALL} again`,
        });
      }
    }
  }
  return findings;
}

/** Our entries against the events and matchers the Worker's app handles now. */
function againstTheApp(installed: Installed[], listing: AppEvents): Finding[] {
  const findings: Finding[] = [];
  const wantedEvents = new Set(listing.events.map(({ event }) => event));
  for (const { event, matcher: wantedMatcher } of listing.events) {
    const wanted = normal(wantedMatcher);
    const mine = installed.filter((hook) => hook.event === event);
    const scopes = [...new Set(mine.map(({ file }) => file.scope))];
    const matchers = [...new Set(mine.map(({ matcher }) => matcher))];
    const name = label(event, wanted);
    if (mine.length === 0) {
      findings.push({ outcome: "problem", text: `${name} is not hooked: ${INSTALL}` });
    } else if (scopes.length > 1) {
      findings.push({ outcome: "problem", text: `${event} is hooked in ${scopes.join(" and ")} settings: Claude Code will call twice` });
    } else if (!matchers.includes(wanted)) {
      const was = matchers.map((m) => (m ? `"${m}"` : "every tool")).join(", ");
      const text = `${name}: installed for ${was}, but the Worker's app now handles "${wanted || "*"}": ${INSTALL} again`;
      // An entry for every tool still sends the events the app wants: wasteful, not wrong.
      findings.push({ outcome: matchers.includes("") ? "note" : "problem", text });
    } else if (COMMAND_ONLY_EVENTS.has(event) && !mine.some(({ entry }) => entry.type === "command")) {
      findings.push({ outcome: "problem", text: `${name} needs the command shim, not an HTTP hook: ${INSTALL} again` });
    } else {
      findings.push({ outcome: "pass", text: `${name} is hooked (${scopes[0]} settings)` });
      const extra = matchers.filter((m) => m !== wanted);
      if (extra.length) {
        findings.push({
          outcome: "note",
          text: `${event} is also hooked for ${extra.map((m) => `"${m}"`).join(", ")}, which the app no longer asks for: ${INSTALL} again to remove it`,
        });
      }
    }
  }
  const gone = [...new Set(installed.filter(({ event }) => !wantedEvents.has(event)).map(({ event }) => event))];
  for (const event of gone) {
    findings.push({
      outcome: "note",
      text: `${event} is hooked, but the Worker's app handles no ${event} now (each call is wasted): ${INSTALL} again to remove it`,
    });
  }
  return findings;
}
