// `install` and `uninstall`: our hook entries in Claude Code's settings, and the Worker's URL in
// our config. Only our own entries are touched (our shim, HTTP hooks to this Worker), the file
// is edited rather than rewritten, and each write is atomic and keeps a `.bak`.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { COMMAND_ONLY_EVENTS, DECISION_EVENTS } from "../../src/hooks/event-table";
import { type HookEntry, hookEntries, HOOKS_PATH, MACHINE_VAR, TOKEN_VAR } from "../../src/hooks/settings-fragment";
import { body, worker } from "./api";
import { type Config, type FailMode, localConfigPath, projectConfigPath, userConfigPath } from "./config";
import { applyConfigChange, type ConfigChange, withTrustedUrl, withUrl } from "./config-write";
import { lineDiff } from "./diff";
import { readTextFile, removeFileKeepingBackup, writeFileAtomically } from "./file-write";
import { withOurHooks } from "./hooks-edit";
import { parseObjectText } from "./json-text";
import { isFasthooksHttp, isOurCommand, type Mode, oursFor, type Scope, type Settings, settingsPath } from "./settings";

export interface InstallOptions {
  scope: Scope;
  mode: Mode;
  async: boolean;
  dryRun: boolean;
  projectDir: string;
  /** How Claude Code starts the shim (default: `fasthooks-workers hook`, from PATH). */
  command?: string;
  /** What a hook does when the Worker cannot answer (default: the config's failMode). */
  failMode?: FailMode;
}

type Out = (line: string) => void;

/** Where `install` records the Worker's URL for a scope: the file the shim reads for that project, or for every one. */
function urlFileFor(scope: Scope, projectDir: string): string {
  if (scope === "user") return userConfigPath();
  return scope === "local" ? localConfigPath(projectDir) : projectConfigPath(projectDir);
}

export async function install(config: Config, options: InstallOptions, out: Out): Promise<void> {
  if (options.async && options.mode !== "command") {
    throw new Error("--async needs --mode command: Claude Code runs only command hooks in the background");
  }
  if (!config.url) {
    throw new Error(
      "install needs the Worker's URL, and records it for the shim and the CLI: set FASTHOOKS_URL " +
        "(http://localhost:8787 for `npm start`; for a deployed Worker, the URL `npm run deploy` printed)",
    );
  }
  const url = config.url;
  const listing = await body(worker(config).v1.hooks.events.$get());
  const wanted = hookEntries(listing, {
    url,
    mode: options.mode,
    failMode: options.failMode ?? config.failMode,
    async: options.async,
    ...(options.command ? { command: options.command } : {}),
  });

  // Every file is read and checked before any is written: one we cannot edit stops it all.
  const path = settingsPath(options.scope, options.projectDir);
  const before = readTextFile(path);
  const ours = oursFor(url);
  const edit = withOurHooks(path, before, wanted, ours);
  const configChanges: ConfigChange[] = [withUrl(urlFileFor(options.scope, options.projectDir), url)];
  // A URL in a project file reaches the user's token only with their consent: this is it.
  if (options.scope !== "user") configChanges.push(withTrustedUrl(userConfigPath(), url));

  if (options.dryRun) {
    showSettings(path, before, edit.text, out);
    for (const change of configChanges) if (change.change) out(`${change.path} would record: ${change.change}`);
    return;
  }
  writeSettings(path, before, edit.text, out);
  for (const change of configChanges) applyConfigChange(change, out);

  out(`Hooked ${listing.events.map((e) => (e.matcher ? `${e.event}(${e.matcher})` : e.event)).join(", ")}.`);
  const events = new Set(listing.events.map(({ event }) => event));
  const shimOnly = [...events].filter((event) => COMMAND_ONLY_EVENTS.has(event));
  if (options.mode === "http" && shimOnly.length > 0) {
    out(`${listed(shimOnly)} run the shim: Claude Code takes no HTTP hook there.`);
  }
  const foreground = [...events].filter((event) => DECISION_EVENTS.has(event));
  if (options.async && foreground.length > 0) {
    out(
      `${listed(foreground)} stay in the foreground: Claude Code goes ahead without waiting for a background hook, ` +
        "so the app's decisions there (deny, ask) would never apply.",
    );
  }
  const usesShim = wanted.some(({ entry }) => entry.type === "command");
  if (usesShim && !options.command && !onPath("fasthooks-workers")) {
    out(
      "warning: `fasthooks-workers` is not on PATH, so Claude Code cannot start the shim these settings name: " +
        "install the package (npm install -g fasthooks-workers, or its tarball; see docs/connecting-claude-code.md).",
    );
  }
  if (!process.env[TOKEN_VAR]) out(`Set ${TOKEN_VAR} in the environment Claude Code runs in.`);
  if (options.mode === "http" && !process.env[MACHINE_VAR]) {
    out(`Set ${MACHINE_VAR} (e.g. \`export ${MACHINE_VAR}=$(hostname)\`) to name this machine on the tasks its HTTP hooks add.`);
  }
  noteOtherWorkers(path, edit.text, (entry) => isFasthooksHttp(entry) && !ours(entry), out);
}

export function uninstall(config: Config, options: Pick<InstallOptions, "scope" | "dryRun" | "projectDir">, out: Out): void {
  const path = settingsPath(options.scope, options.projectDir);
  const before = readTextFile(path);
  if (!before) {
    out(`${path}: no settings file, nothing to remove`);
    return;
  }
  const url = config.url;
  // Without the Worker's URL, only the shim is known to be ours.
  const edit = withOurHooks(path, before, [], url ? oursFor(url) : isOurCommand);
  const emptied = edit.removed > 0 && Object.keys(parseObjectText(path, edit.text)).length === 0;
  if (edit.removed === 0) out(`${path}: nothing of ours in it`);
  else if (emptied && !options.dryRun) {
    // Nothing but ours was in it (as in a file `install` made): no file, rather than an empty one.
    const backup = removeFileKeepingBackup(path, edit.text);
    out(`${path}: removed, nothing else was in it (it is now ${backup})`);
  } else if (options.dryRun) showSettings(path, before, edit.text, out);
  else writeSettings(path, before, edit.text, out);
  noteOtherWorkers(path, edit.text, (entry) => isFasthooksHttp(entry) && (url === undefined || !oursFor(url)(entry)), out);
}

function showSettings(path: string, before: string, after: string, out: Out): void {
  if (before === after) out(`${path}: already up to date`);
  else {
    out(`${path} would change:`);
    out(lineDiff(before, after));
  }
}

function writeSettings(path: string, before: string, after: string, out: Out): void {
  if (before === after) {
    out(`${path}: already up to date`);
    return;
  }
  const backup = writeFileAtomically(path, after);
  out(`${path}: updated${backup ? ` (the previous version is ${backup})` : ""}`);
}

/** HTTP hooks to a fasthooks Worker other than this one: left alone, and said. */
function noteOtherWorkers(path: string, text: string, other: (entry: HookEntry) => boolean, out: Out): void {
  const hooks = (parseObjectText(path, text) as Settings).hooks ?? {};
  const urls = new Set(
    Object.values(hooks)
      .flatMap((groups) => groups.flatMap((group) => group.hooks))
      .filter(other)
      .map((entry) => String(entry.url).slice(0, -HOOKS_PATH.length)),
  );
  for (const other of urls) {
    out(`${path} also hooks another Worker, ${other}: left as it is (\`FASTHOOKS_URL=${other} fasthooks-workers uninstall\` removes it).`);
  }
}

/** Whether `name` is a command the shell would find, as Claude Code's hooks look for ours. */
/** "A and B", "A, B, and C". */
function listed(names: string[]): string {
  return new Intl.ListFormat("en", { type: "conjunction" }).format(names);
}

function onPath(name: string, path = process.env.PATH ?? ""): boolean {
  return path.split(delimiter).some((dir) => {
    try {
      accessSync(join(dir || ".", name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}
