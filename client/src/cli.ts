// fasthooks-workers' commands other than `hook` (install, doctor, tasks, sessions), loaded by the
// bin only for them: this part may use libraries (hono/client), the shim may not.
import { parseArgs } from "node:util";
import { thrownError } from "../../src/tasks/result";
import { sessionsLs, tasksCancel, tasksGet, tasksLs, tasksWait, type Output } from "./commands";
import { type FailMode, loadConfig } from "./config";
import { doctor } from "./doctor";
import { install, uninstall } from "./install";
import { findProjectDir } from "./project";
import type { Mode, Scope } from "./settings";

const USAGE = `fasthooks-workers <command>

  hook                         the command hook: event on stdin, the Worker's answer on stdout
  install [--scope project|local|user] [--mode http|command] [--async] [--fail-mode open|closed] [--dry-run] [--project DIR]
  uninstall [--scope ...] [--dry-run] [--project DIR]
  tasks ls [--session S]       tasks get|wait|cancel KEY --session S [--timeout SECONDS]
  sessions ls
  doctor

  --json                       machine-readable output (tasks, sessions)
Config: FASTHOOKS_URL, FASTHOOKS_TOKEN, FASTHOOKS_TIMEOUT_MS, FASTHOOKS_FAIL_MODE=open|closed,
or ~/.config/fasthooks-workers/config.json, .claude/fasthooks-workers.json ({url, token, timeoutMs, failMode}).`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;

  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      scope: { type: "string", default: "project" },
      mode: { type: "string", default: "http" },
      async: { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      command: { type: "string" },
      "fail-mode": { type: "string" },
      session: { type: "string" },
      timeout: { type: "string", default: "300" },
      json: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
      project: { type: "string" },
    },
  });
  const out = (text: string) => process.stdout.write(`${text}\n`);
  const output: Output = {
    json: values.json,
    out,
    err: (text) => process.stderr.write(text.startsWith("\r") ? text : `${text}\n`),
    interactive: Boolean(process.stderr.isTTY),
  };
  const dir = findProjectDir(values.project);
  const config = loadConfig(process.env, dir);
  const needSession = () => {
    if (!values.session) throw new Error("--session S is needed (see `fasthooks-workers sessions ls`)");
    return values.session;
  };
  const needKey = () => {
    if (!positionals[1]) throw new Error(`tasks ${positionals[0]} needs a KEY`);
    return positionals[1];
  };

  switch (values.help ? "help" : command) {
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
      switch (positionals[0]) {
        case "ls":
          await tasksLs(config, values.session, output);
          return 0;
        case "get":
          await tasksGet(config, needKey(), needSession(), output);
          return 0;
        case "wait": {
          const timeout = Number(values.timeout);
          if (!Number.isFinite(timeout) || timeout < 0) throw new Error("--timeout must be a number of seconds");
          return tasksWait(config, needKey(), needSession(), timeout, output);
        }
        case "cancel":
          await tasksCancel(config, needKey(), needSession(), output);
          return 0;
        default:
          throw new Error("tasks ls | get KEY | wait KEY | cancel KEY");
      }
    case "sessions":
      if (positionals[0] !== "ls") throw new Error("sessions ls");
      await sessionsLs(config, output);
      return 0;
    case "doctor":
      return doctor(config, dir, out);
    case "help":
    case undefined:
      out(USAGE);
      return 0;
    default:
      throw new Error(`unknown command "${command}"\n\n${USAGE}`);
  }
}

function oneOf(value: string, allowed: string[], flag: string): string {
  if (!allowed.includes(value)) throw new Error(`${flag} must be one of ${allowed.join(", ")}`);
  return value;
}

/** Runs a command and sets the exit code; a failure is one line on stderr. */
export function runCli(argv: string[]): Promise<void> {
  return main(argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`fasthooks-workers: ${thrownError(error).message}\n`);
      process.exitCode = 1;
    },
  );
}
