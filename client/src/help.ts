// What `--help` prints: the whole CLI, and each command with its flags and their defaults.
import { COMMAND_ONLY_EVENTS } from "../../src/hooks/event-table";
import { EXIT } from "./exit";

/** Flag defaults, shared by the parser (cli.ts) and the help below, so the help tells the truth. */
export const FLAG_DEFAULTS = { scope: "project", mode: "http", timeout: "300" } as const;

const CONFIG = `Config (the environment wins over the files):
  FASTHOOKS_URL         the Worker's URL (default http://localhost:8787, where \`npm start\` serves
                        when that port is free; it prints the URL it serves)
  FASTHOOKS_TOKEN       your token (a local \`npm start\` takes fasthooks-dev-token)
  FASTHOOKS_TIMEOUT_MS  the shim's deadline per hook (default 8000, at most 14000)
  FASTHOOKS_FAIL_MODE   open|closed: what a hook does when the Worker cannot answer (default open)
  or {url, token, timeoutMs, failMode} in .claude/fasthooks-workers.json (the project's) or
  ~/.config/fasthooks-workers/config.json (yours).`;

const EXIT_CODES = `Exit codes:
  ${EXIT.ok}  done
  ${EXIT.failed}  the task failed or was cancelled (tasks wait); doctor found a problem
  ${EXIT.usage}  a command, flag or value this CLI does not take (nothing was sent)
  ${EXIT.timedOut}  tasks wait: the task had not finished at --timeout
  ${EXIT.unreachable}  nothing of ours answers at the URL (down, wrong port, another service)
  ${EXIT.unauthorized}  no token, or the Worker refused it
  ${EXIT.error}  the Worker refused the request (no such task, already finished...), or another error`;

const TASKS = `fasthooks-workers tasks <ls|get|wait|cancel> [KEY] [--session S | --team] [options]

The tasks of one session (--session S) or of the team-wide store (--team), where results
shared across the team's sessions live (a Claude review of a file, for one).

  tasks ls [--session S | --team]   a table of the tasks: every session's when neither is given
  tasks get KEY                     one task: status, attempts, who added it, error, value
  tasks wait KEY [--timeout S]      waits until the task finishes; on a terminal the time waited
                                    ticks on stderr. Exit 0 completed, ${EXIT.failed} failed or cancelled (its
                                    error printed), ${EXIT.timedOut} still running at the timeout
  tasks cancel KEY                  cancels a PENDING or RUNNING task

  --session S     the session (see \`fasthooks-workers sessions ls\`)
  --team          the team-wide store instead of a session's
  --timeout S     tasks wait: seconds, plain decimal such as 10 or 0.5 (default ${FLAG_DEFAULTS.timeout})
  --json          the Worker's JSON instead of a table, for scripts
  -h, --help      this help`;

const MEMORY = `fasthooks-workers memory <add|ls|search|rm> [options]

The team's memory: notes, code reviews and results worth finding again. On each prompt the
default app searches it and gives Claude what the previous prompt's search found, labelled
with who saved it (docs/memory.md). A memory carries who added it, when, and the base name of
its project (never the path); it is deleted when it expires.

  memory add TEXT...          keep a note, shared with the team (--private: for you alone)
  memory ls                   the team's memories and your own, newest first
  memory search WORDS...      what a prompt with these words would find
  memory rm ID...             remove memories you added (an admin: anyone's)
  memory rm --all             remove every memory you added (an admin: --member NAME's)

  --private        add: found only by your own searches; ls: only your private ones
  --days N         add: keep it N days (default and most: the deployment's retention, 90)
  --project DIR    add: the project it belongs to (default: as install finds it)
  --mine           ls: only what you added
  --member NAME    ls: only what NAME added; rm --all: NAME's (admins)
  --json           the Worker's JSON instead of a table
  -h, --help       this help`;

const INSTALL = `fasthooks-workers install [options]

Asks the Worker which hook events its app handles (GET /v1/hooks/events) and writes one hook
per event into Claude Code's settings, merged with what is there. Run it again after the
team's app changes: \`doctor\` says when the installed hooks are out of date.

  --scope project|local|user  .claude/settings.json, .claude/settings.local.json or
                              ~/.claude/settings.json (default ${FLAG_DEFAULTS.scope})
  --mode http|command         Claude Code's HTTP hooks, or the command shim for every event
                              (default ${FLAG_DEFAULTS.mode}; ${[...COMMAND_ONLY_EVENTS].join(" and ")} always get the shim)
  --async                     command mode: Claude Code runs the hooks in the background
  --fail-mode open|closed     when the Worker cannot answer: go on, or deny tool calls (and
                              permissions, and skills' shell commands)
                              (default: the config's failMode, open)
  --command CMD               command mode: how Claude Code starts the shim
                              (default: fasthooks-workers hook, found on PATH)
  --project DIR               the project to hook (default: CLAUDE_PROJECT_DIR, else the git
                              root of the current directory, else the current directory)
  --dry-run                   print the change, write nothing
  -h, --help                  this help`;

const UNINSTALL = `fasthooks-workers uninstall [--scope project|local|user] [--project DIR] [--dry-run]

Removes this CLI's hook entries from Claude Code's settings; the user's own hooks stay. A
settings file left holding nothing is removed (kept as .bak).

  --scope project|local|user  which settings file (default ${FLAG_DEFAULTS.scope})
  --project DIR               the project (default: as install)
  --dry-run                   print the change, write nothing
  -h, --help                  this help`;

const SESSIONS = `fasthooks-workers sessions ls [--json]

The team's sessions, most recently seen first: who worked in each, when, and its tasks by status.

  --json       the Worker's JSON instead of a table
  -h, --help   this help`;

const DOCTOR = `fasthooks-workers doctor

Checks, and prints each check with ✓ (passed), ! (a note) or ✗ (a problem), then a summary:
the URL and token in force, that our Worker answers there (local or deployed) and how it is
configured, its clock, that it takes the token, and that the hooks installed in Claude Code's
settings are the ones its app handles now (event, tool matcher, URL). Exit 0 when nothing is
wrong (notes included), ${EXIT.failed} when something is.

  -h, --help   this help`;

const HOOK = `fasthooks-workers hook

The command hook Claude Code runs (install writes it): the event on stdin, POST /v1/hooks,
the Worker's answer on stdout. Not for use by hand.`;

const MAIN = `fasthooks-workers <command> [options]

  install      write this Worker's hooks into Claude Code's settings
  uninstall    remove them
  doctor       check the setup, end to end
  tasks        ls | get KEY | wait KEY | cancel KEY, of a session (--session S) or the team (--team)
  sessions ls  the team's sessions
  memory       add TEXT | ls | search WORDS | rm ID: the team's memory
  hook         the command hook Claude Code runs

\`fasthooks-workers <command> --help\` tells more about each.

${CONFIG}

${EXIT_CODES}`;

export const HELP: Record<string, string> = {
  install: INSTALL,
  uninstall: UNINSTALL,
  tasks: TASKS,
  memory: MEMORY,
  sessions: SESSIONS,
  doctor: DOCTOR,
  hook: HOOK,
};

/** The help for `command`, or the whole CLI's. */
export function helpFor(command: string | undefined): string {
  return command !== undefined && Object.hasOwn(HELP, command) ? HELP[command]! : MAIN;
}
