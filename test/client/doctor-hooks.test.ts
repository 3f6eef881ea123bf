// doctor's look at the installed hooks, against what the Worker's app handles: every case a team
// meets after changing its app or its URL, on settings made in memory (no Worker, no files).
import { describe, expect, it } from "vitest";
import type { Finding } from "../../client/src/checks";
import { checkHooks, type HookCheckInput, type SettingsFile } from "../../client/src/doctor-hooks";
import type { Scope, Settings } from "../../client/src/settings";
import { type EntryOptions, hookEntry } from "../../src/hooks/settings-fragment";

const URL = "http://localhost:8787";
const http: EntryOptions = { mode: "http", url: URL, async: false, failMode: "open" };

/** Settings as `install` writes them for `events`. */
function installed(events: { event: string; matcher?: string }[], options = http): Settings {
  const hooks: Settings["hooks"] = {};
  for (const { event, matcher } of events) {
    (hooks[event] ??= []).push({ ...(matcher ? { matcher } : {}), hooks: [hookEntry(event, options)] });
  }
  return { hooks };
}

const file = (settings: Settings, scope: Scope = "project"): SettingsFile => ({ scope, path: `/p/${scope}.json`, settings });

const APP = {
  events: [{ event: "PreToolUse", matcher: "Write|Edit" }, { event: "UserPromptSubmit" }, { event: "SessionStart", matcher: "startup" }],
};

function check(files: SettingsFile[], overrides: Partial<HookCheckInput> = {}): Finding[] {
  return checkHooks({ files, listing: APP, url: URL, failMode: "open", tokenInEnv: true, ...overrides });
}

const outcomes = (findings: Finding[], outcome: Finding["outcome"]) => findings.filter((f) => f.outcome === outcome).map((f) => f.text);

describe("doctor on the installed hooks", () => {
  it("passes each event installed as the app handles it", () => {
    expect(check([file(installed(APP.events))])).toEqual([
      { outcome: "pass", text: "PreToolUse(Write|Edit) is hooked (project settings)" },
      { outcome: "pass", text: "UserPromptSubmit is hooked (project settings)" },
      { outcome: "pass", text: "SessionStart(startup) is hooked (project settings)" },
    ]);
  });

  it("finds a matcher the app has outgrown and an event it handles now: install again", () => {
    const before = installed([
      { event: "PreToolUse", matcher: "Write" },
      { event: "SessionStart", matcher: "startup" },
    ]);
    const findings = check([file(before)]);
    expect(outcomes(findings, "problem")).toEqual([
      'PreToolUse(Write|Edit): installed for "Write", but the Worker\'s app now handles "Write|Edit": run `fasthooks-workers install` again',
      "UserPromptSubmit is not hooked: run `fasthooks-workers install`",
    ]);
  });

  it("only notes an entry for every tool (it still sends what the app wants) and events the app dropped", () => {
    const wide = installed([{ event: "PreToolUse" }, ...APP.events.slice(1), { event: "Stop" }]);
    const findings = check([file(wide)]);
    expect(outcomes(findings, "problem")).toEqual([]);
    expect(outcomes(findings, "note")).toEqual([
      'PreToolUse(Write|Edit): installed for every tool, but the Worker\'s app now handles "Write|Edit": run `fasthooks-workers install` again',
      "Stop is hooked, but the Worker's app handles no Stop now (each call is wasted): run `fasthooks-workers install` again to remove it",
    ]);
  });

  it("finds hooks sending to another URL than the Worker's (wrangler moved to 8788)", () => {
    const findings = check([file(installed(APP.events))], { url: "http://localhost:8788" });
    expect(outcomes(findings, "problem")).toEqual([
      "/p/project.json: the HTTP hooks send to http://localhost:8787/v1/hooks, not http://localhost:8788/v1/hooks: run `fasthooks-workers install` again (with FASTHOOKS_URL set to the Worker's URL)",
    ]);
  });

  it("finds HTTP hooks with no FASTHOOKS_TOKEN to send, and none needed by command hooks", () => {
    expect(outcomes(check([file(installed(APP.events))], { tokenInEnv: false }), "problem")).toEqual([
      "the HTTP hooks send $FASTHOOKS_TOKEN, which is not set here: export FASTHOOKS_TOKEN where Claude Code runs",
    ]);
    const commands = installed(APP.events, { ...http, mode: "command" });
    expect(outcomes(check([file(commands)], { tokenInEnv: false }), "problem")).toEqual([]);
  });

  it("finds the same event hooked in two settings files, and an HTTP hook where Claude Code takes none", () => {
    const user = installed([{ event: "UserPromptSubmit" }]);
    const project = installed(APP.events);
    project.hooks!.SessionStart![0]!.hooks = [hookEntry("PreToolUse", http)];
    expect(outcomes(check([file(project), file(user, "user")]), "problem")).toEqual([
      "/p/project.json: SessionStart has an HTTP hook, which Claude Code never calls for SessionStart: run `fasthooks-workers install` (it writes a command hook there)",
      "UserPromptSubmit is hooked in project and user settings: Claude Code will call twice",
      "SessionStart(startup) needs the command shim, not an HTTP hook: run `fasthooks-workers install` again",
    ]);
  });

  it("finds hooks that fail open when the config says closed", () => {
    expect(outcomes(check([file(installed(APP.events))], { failMode: "closed" }), "problem")).toEqual([
      "/p/project.json: failMode is closed but the PreToolUse hook does not block when it fails: run `fasthooks-workers install` again",
    ]);
    const closed = installed(APP.events, { ...http, failMode: "closed" });
    expect(outcomes(check([file(closed)], { failMode: "closed" }), "problem")).toEqual([]);
  });

  it("says when the Worker could not be asked, and what it cannot read", () => {
    const findings = check([file(installed(APP.events)), { scope: "local", path: "/p/local.json", unreadable: "is not valid JSON" }], {
      listing: undefined,
    });
    expect(findings).toEqual([
      { outcome: "problem", text: "/p/local.json: is not valid JSON; Claude Code cannot read it either" },
      { outcome: "note", text: "the installed hooks were not compared with the Worker's app: it could not be asked" },
    ]);
  });

  it("leaves the user's own hooks alone", () => {
    const settings = installed(APP.events);
    settings.hooks!.Stop = [{ hooks: [{ type: "command", command: "say done" }] }];
    settings.hooks!.PreToolUse!.push({ matcher: "Bash", hooks: [{ type: "command", command: "./check-bash.sh" }] });
    expect(outcomes(check([file(settings)]), "problem")).toEqual([]);
    expect(outcomes(check([file(settings)]), "note")).toEqual([]);
  });
});
