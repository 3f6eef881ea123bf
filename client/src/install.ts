// `install` and `uninstall`: our hook entries in Claude Code's settings, merged with the rest.
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { baseUrl, body, worker } from "./api";
import type { Config, FailMode } from "./config";
import { lineDiff } from "./diff";
import {
  COMMAND_ONLY_EVENTS,
  type Mode,
  ourEntry,
  type Scope,
  type Settings,
  settingsPath,
  formatSettings,
  withOurHooks,
} from "./settings";

export interface InstallOptions {
  scope: Scope;
  mode: Mode;
  async: boolean;
  dryRun: boolean;
  projectDir: string;
  /** Command mode: how Claude Code starts the shim (default: node and this very script). */
  command?: string;
  /** What a hook does when the Worker cannot answer (default: the config's failMode). */
  failMode?: FailMode;
}

function readSettings(path: string): { text: string; settings: Settings } {
  if (!existsSync(path)) return { text: "", settings: {} };
  const text = readFileSync(path, "utf8");
  try {
    return { text, settings: JSON.parse(text) as Settings };
  } catch {
    // Never overwrite a file we cannot read: the user's other settings are in it.
    throw new Error(`${path} is not valid JSON; fix it first, nothing was changed`);
  }
}

function writeOrShow(path: string, before: string, after: string, dryRun: boolean, out: (line: string) => void): void {
  if (before === after) {
    out(`${path}: already up to date`);
    return;
  }
  if (dryRun) {
    out(`${path} would change:`);
    out(lineDiff(before, after));
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, after);
  out(`${path}: updated`);
}

export function shimCommand(): string {
  return `node "${realpathSync(process.argv[1]!)}" hook`;
}

export async function install(config: Config, options: InstallOptions, out: (line: string) => void): Promise<void> {
  if (options.async && options.mode !== "command") {
    throw new Error("--async needs --mode command: Claude Code runs only command hooks in the background");
  }
  const listing = await body(worker(config).v1.hooks.events.$get());
  const path = settingsPath(options.scope, options.projectDir);
  const { text, settings } = readSettings(path);
  const entryOptions = {
    mode: options.mode,
    url: baseUrl(config),
    command: options.command ?? shimCommand(),
    async: options.async,
    failMode: options.failMode ?? config.failMode,
  };
  const wanted = listing.events.map(({ event, matcher }) => ({ event, matcher, entry: ourEntry(event, entryOptions) }));
  writeOrShow(path, text, formatSettings(withOurHooks(settings, wanted)), options.dryRun, out);
  if (!options.dryRun) {
    out(`Hooked ${listing.events.map((e) => (e.matcher ? `${e.event}(${e.matcher})` : e.event)).join(", ")}.`);
    const shimOnly = listing.events.filter(({ event }) => COMMAND_ONLY_EVENTS.has(event)).map(({ event }) => event);
    if (options.mode === "http" && shimOnly.length > 0) {
      out(`${[...new Set(shimOnly)].join(" and ")} run the shim: Claude Code takes no HTTP hook there.`);
    }
    if (!process.env.FASTHOOKS_TOKEN) out("Set FASTHOOKS_TOKEN in the environment Claude Code runs in.");
  }
}

export function uninstall(options: Pick<InstallOptions, "scope" | "dryRun" | "projectDir">, out: (line: string) => void): void {
  const path = settingsPath(options.scope, options.projectDir);
  const { text, settings } = readSettings(path);
  if (!text) {
    out(`${path}: no settings file, nothing to remove`);
    return;
  }
  writeOrShow(path, text, formatSettings(withOurHooks(settings, [])), options.dryRun, out);
}
