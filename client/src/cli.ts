// fasthooks-workers' commands other than `hook` (install, doctor, tasks, sessions), loaded by the
// bin only for them: this part may use libraries (hono/client), the shim may not.
import { parseArgs } from "node:util";
import { thrownError } from "../../src/tasks/result";
import { sessionsLs, tasksCancel, tasksGet, tasksLs, tasksWait, type Output } from "./commands";
import { type FailMode, loadConfig, TokenWithheldError } from "./config";
import { doctor } from "./doctor";
import { CliError, EXIT, UsageError } from "./exit";
import { FLAG_DEFAULTS, HELP, helpFor } from "./help";
import { install, uninstall } from "./install";
import { memoryAdd, memoryLs, memoryRm, memorySearch } from "./memory";
import { findProjectDir } from "./project";
import type { Mode, Scope } from "./settings";
import type { Where } from "./stores";

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandLine(argv);
  const [command, ...rest] = positionals;
  const out = (text: string) => process.stdout.write(`${text}\n`);
  if (values.help || command === undefined || command === "help") {
    out(helpFor(command === "help" ? rest[0] : command));
    return EXIT.ok;
  }
  if (!Object.hasOwn(HELP, command)) throw new UsageError(`unknown command "${command}": see \`fasthooks-workers --help\``);
  const output: Output = {
    json: values.json,
    out,
    err: (text) => process.stderr.write(text.startsWith("\r") ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY),
  };
  const dir = findProjectDir(values.project);
  const config = loadConfig(process.env, dir);
  const where = (): Where | undefined => {
    if (values.team && values.session !== undefined) throw new UsageError("--session and --team name different stores: give one");
    return values.team ? { team: true } : values.session !== undefined ? { session: values.session } : undefined;
  };
  const needWhere = () => {
    const found = where();
    if (!found) throw new UsageError(`tasks ${rest[0]} needs --session S (see \`fasthooks-workers sessions ls\`) or --team`);
    return found;
  };
  const needKey = () => {
    if (!rest[1]) throw new UsageError(`tasks ${rest[0]} needs a KEY: see \`fasthooks-workers tasks --help\``);
    return rest[1];
  };

  switch (command) {
    case "install": {
      const scope = oneOf(values.scope, ["project", "local", "user"], "--scope") as Scope;
      const mode = oneOf(values.mode, ["http", "command"], "--mode") as Mode;
      const failMode =
        values["fail-mode"] === undefined ? undefined : (oneOf(values["fail-mode"], ["open", "closed"], "--fail-mode") as FailMode);
      await install(
        config,
        { scope, mode, async: values.async, dryRun: values["dry-run"], projectDir: dir, command: values.command, failMode },
        out,
      );
      return 0;
    }
    case "uninstall":
      uninstall(
        config,
        { scope: oneOf(values.scope, ["project", "local", "user"], "--scope") as Scope, dryRun: values["dry-run"], projectDir: dir },
        out,
      );
      return 0;
    case "tasks":
      switch (rest[0]) {
        case "ls":
          await tasksLs(config, where(), output);
          return EXIT.ok;
        case "get":
          await tasksGet(config, needKey(), needWhere(), output);
          return EXIT.ok;
        case "wait":
          return tasksWait(config, needKey(), needWhere(), decimalSeconds(values.timeout, "--timeout"), output);
        case "cancel":
          await tasksCancel(config, needKey(), needWhere(), output);
          return EXIT.ok;
        default:
          throw new UsageError("tasks ls | get KEY | wait KEY | cancel KEY: see `fasthooks-workers tasks --help`");
      }
    case "sessions":
      if (rest[0] !== "ls") throw new UsageError("sessions ls: see `fasthooks-workers sessions --help`");
      await sessionsLs(config, output);
      return EXIT.ok;
    case "memory":
      switch (rest[0]) {
        case "add":
          await memoryAdd(config, rest.slice(1), { private: values.private, days: values.days, projectDir: dir }, output);
          return EXIT.ok;
        case "ls":
          await memoryLs(config, { private: values.private, member: values.member, mine: values.mine }, output);
          return EXIT.ok;
        case "search":
          await memorySearch(config, rest.slice(1), output);
          return EXIT.ok;
        case "rm":
          await memoryRm(config, rest.slice(1), { all: values.all, member: values.member }, output);
          return EXIT.ok;
        default:
          throw new UsageError("memory add TEXT | ls | search WORDS | rm ID...: see `fasthooks-workers memory --help`");
      }
    case "doctor":
      return doctor(config, dir, out);
    default:
      // `hook` is the bin's own (bin.ts), sent here only for its --help.
      throw new UsageError(`unknown command "${command}": see \`fasthooks-workers --help\``);
  }
}

function parseCommandLine(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        scope: { type: "string", default: FLAG_DEFAULTS.scope },
        mode: { type: "string", default: FLAG_DEFAULTS.mode },
        async: { type: "boolean", default: false },
        "dry-run": { type: "boolean", default: false },
        command: { type: "string" },
        "fail-mode": { type: "string" },
        session: { type: "string" },
        team: { type: "boolean", default: false },
        timeout: { type: "string", default: FLAG_DEFAULTS.timeout },
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        project: { type: "string" },
        // memory
        private: { type: "boolean", default: false },
        days: { type: "string" },
        member: { type: "string" },
        mine: { type: "boolean", default: false },
        all: { type: "boolean", default: false },
      },
    });
  } catch (error) {
    // node:util's first sentence ("Unknown option '--sesion'"), with where to look.
    const [first] = thrownError(error).message.split(/\.(?:\s|$)/);
    throw new UsageError(`${first}: see \`fasthooks-workers --help\``);
  }
}

function oneOf(value: string, allowed: string[], flag: string): string {
  if (!allowed.includes(value)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}`);
  return value;
}

/**
 * Seconds as the REST API takes them: plain decimal only. `Number()` would read "0x10" as 16
 * and "" as 0, so a typo would silently become another wait (src/tasks/input.ts refuses them too).
 */
function decimalSeconds(text: string, flag: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) throw new UsageError(`${flag} must be plain decimal seconds, such as 10 or 0.5, not "${text}"`);
  return Number(text);
}

/** The exit code an error ends the CLI with (see exit.ts). */
function exitCodeOf(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof TokenWithheldError) return EXIT.unauthorized;
  return EXIT.error;
}

/** Runs a command and sets the exit code; a failure is one line on stderr. */
export function runCli(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`fasthooks-workers: ${thrownError(error).message}\n`);
      process.exitCode = exitCodeOf(error);
    },
  );
}
