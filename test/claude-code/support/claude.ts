// Runs the real Claude Code as a user would, headless and offline: `claude -p` with a clean
// environment (env -i plus what it needs), a HOME and TMPDIR of the test's own, the model a
// local stand-in, and every hook it ran reported on stdout (stream-json) and in its debug file.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One `system` line of stream-json for a hook that ran. */
interface HookReport {
  event: string;
  name: string;
  outcome: string;
  exitCode?: number;
  stdout: string;
  stderr: string;
}

export interface ClaudeRun {
  code: number | null;
  sessionId: string | undefined;
  hooks: HookReport[];
  result: { subtype?: string; is_error?: boolean; result?: string; permission_denials?: unknown[] } | undefined;
  /** Everything on stdout, parsed. */
  lines: Record<string, any>[];
  stderr: string;
  /** The run's debug file (hook runs, their parsing and validation, errors). */
  debug: string;
  wallMs: number;
}

/** A user's machine for one or more runs of one session: HOME (where sessions live), TMPDIR, a project. */
export interface Machine {
  home: string;
  tmp: string;
  project: string;
  dispose(): void;
}

export function newMachine(label: string): Machine {
  const root = mkdtempSync(join(tmpdir(), `fasthooks-cc-${label}-`));
  const machine = { home: join(root, "home"), tmp: join(root, "tmp"), project: join(root, "project") };
  for (const dir of Object.values(machine)) mkdirSync(dir, { recursive: true });
  return { ...machine, dispose: () => rmSync(root, { recursive: true, force: true }) };
}

/** The machine's PATH without node_modules/.bin: hooks run on the user's own Node, as the shim would. */
function machinePath(): string {
  return (process.env.PATH ?? "")
    .split(":")
    .filter((dir) => !dir.includes("node_modules"))
    .join(":");
}

export interface RunOptions {
  binary: string;
  machine: Machine;
  prompt: string;
  /** The Messages API stand-in. */
  apiUrl: string;
  apiKey: string;
  /** FASTHOOKS_URL, FASTHOOKS_TOKEN and the like, as the user's shell would have them. */
  env?: Record<string, string>;
  resume?: string;
}

let runCount = 0;

export function runClaude(options: RunOptions): Promise<ClaudeRun> {
  const { machine } = options;
  const debugFile = join(machine.tmp, `claude-debug-${++runCount}.txt`);
  const args = [
    "-p",
    options.prompt,
    "--permission-mode",
    "acceptEdits",
    "--output-format",
    "stream-json",
    "--verbose",
    "--include-hook-events",
    "--debug-file",
    debugFile,
    ...(options.resume ? ["--resume", options.resume] : []),
  ];
  const env = {
    PATH: machinePath(),
    HOME: machine.home,
    TMPDIR: machine.tmp,
    ANTHROPIC_BASE_URL: options.apiUrl,
    ANTHROPIC_API_KEY: options.apiKey,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_AUTOUPDATER: "1",
    ...options.env,
  };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(options.binary, args, { cwd: machine.project, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      const wallMs = performance.now() - started;
      const lines = stdout
        .split("\n")
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as Record<string, any>);
      let debug = "";
      try {
        debug = readFileSync(debugFile, "utf8");
      } catch {
        // no debug file: the run failed before writing one; its stderr says why
      }
      resolve({
        code,
        sessionId: lines.find((line) => line.type === "system" && line.subtype === "init")?.session_id,
        hooks: lines
          .filter((line) => line.type === "system" && line.subtype === "hook_response")
          .map((line) => ({
            event: line.hook_event,
            name: line.hook_name,
            outcome: line.outcome,
            exitCode: line.exit_code,
            stdout: line.stdout,
            stderr: line.stderr,
          })),
        result: lines.findLast((line) => line.type === "result"),
        lines,
        stderr,
        debug,
        wallMs,
      });
    });
  });
}

/** What in a debug file says a hook went wrong: a warning or error about hooks, a refused answer. */
const HOOK_TROUBLE = [
  /\[(WARN|ERROR)\].*\bhooks?\b/i,
  /Hook JSON output validation failed/,
  /hook output invalid/i,
  /Hook output does not start with \{/,
  /Invalid hook/i,
  /not supported for (SessionStart|Setup)/,
];

/** Every line of the debug file that reports trouble with a hook. */
export function hookTrouble(run: ClaudeRun): string[] {
  return run.debug.split("\n").filter((line) => HOOK_TROUBLE.some((pattern) => pattern.test(line)));
}

/** One hook's time as Claude Code logged it. */
export interface HookTiming {
  /** As Claude Code names it: "PreToolUse:Write", "UserPromptSubmit", "Stop"... */
  hook: string;
  type: "command" | "http";
  ms: number;
}

const COMMAND_DONE = /^\S+ \[DEBUG\] Hooks: (\S+) \[.*\] finished with status \d+ \((\d+)ms\)$/;
const HTTP_SENT = /^(\S+) \[DEBUG\] Hooks: HTTP hook POST to /;
const HTTP_ANSWERED = /^(\S+) \[\w+\] Hooks: HTTP hook (response status|error)/;
const HOOK_OUTCOME = /^\S+ \[\w+\] "Hook (\S+) \(/;

/**
 * Each hook's time from a run's debug file: a command hook's own "(N ms)", from its spawn to its
 * exit; an HTTP hook's from the line that sends the request to the one that logs the answer (the
 * file's clock has whole milliseconds). Hooks of one event run one after another here.
 */
export function hookTimings(run: ClaudeRun): HookTiming[] {
  const timings: HookTiming[] = [];
  let sentAt: number | undefined;
  let answeredMs: number | undefined;
  for (const line of run.debug.split("\n")) {
    const command = COMMAND_DONE.exec(line);
    if (command) {
      timings.push({ hook: command[1]!, type: "command", ms: Number(command[2]) });
      continue;
    }
    const sent = HTTP_SENT.exec(line);
    if (sent) {
      sentAt = Date.parse(sent[1]!);
      continue;
    }
    const answered = HTTP_ANSWERED.exec(line);
    if (answered && sentAt !== undefined) {
      answeredMs = Date.parse(answered[1]!) - sentAt;
      sentAt = undefined;
      continue;
    }
    const outcome = HOOK_OUTCOME.exec(line);
    if (outcome && answeredMs !== undefined) {
      timings.push({ hook: outcome[1]!, type: "http", ms: answeredMs });
      answeredMs = undefined;
    }
  }
  return timings;
}
