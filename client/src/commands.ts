// `tasks ...` and `sessions ls`: the team's view from a terminal, tables by default, --json for scripts.
import { WAIT } from "../../src/tasks/limits";
import type { TaskResult } from "../../src/tasks/result";
import { ApiError, body, worker } from "./api";
import type { Config } from "./config";
import { EXIT, type ExitCode } from "./exit";
import { allSessions, allTasks, describeWhere, mapLimited, taskStore, type Where } from "./stores";
import { age, brief, printable, printableJson, seconds, table } from "./table";

export interface Output {
  json: boolean;
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether stderr is a terminal (progress lines go there only then). */
  interactive: boolean;
}

function taskRows(tasks: TaskResult[]): string[][] {
  return tasks.map((task) => [
    task.key,
    task.task,
    task.status,
    task.addedBy?.member ?? "",
    age(task.createdAt),
    task.startedAt ? seconds((task.finishedAt ?? Date.now()) - task.startedAt) : "",
    task.usage ? `$${task.usage.costUsd.toFixed(4)}` : "",
    task.error ? `${task.error.name}: ${brief(task.error.message, 40)}` : task.value !== undefined ? brief(task.value, 40) : "",
  ]);
}

const TASK_HEADERS = ["KEY", "TASK", "STATUS", "MEMBER", "CREATED", "RAN", "COST", "RESULT"];

/**
 * Keys, values, errors and names are anyone's text (a teammate's task, a model's answer): what
 * is printed shows their control characters, never sends them to the terminal.
 */
function show(output: Output, data: unknown, human: () => string): void {
  output.out(output.json ? printableJson(data) : printable(human(), { multiline: true }));
}

/** The team's Claude cost, one line under `tasks ls` (nothing from a Worker without GET /v1/team/stats). */
async function teamCostLine(config: Config): Promise<string> {
  try {
    const { costPerDay } = await body(worker(config).v1.team.stats.$get({ query: {} }));
    const month = costPerDay.reduce((sum, day) => sum + day.costUsd, 0);
    return `\nClaude cost of the team: $${(costPerDay.at(-1)?.costUsd ?? 0).toFixed(4)} today (UTC), $${month.toFixed(4)} in the last 30 days`;
  } catch {
    return "";
  }
}

/** Sessions read at once by `tasks ls` without --session: a few, not the whole team's at a time. */
const SESSIONS_AT_ONCE = 6;

/** One store's tasks, or (no `where`) every session's in the team's index. */
export async function tasksLs(config: Config, where: Where | undefined, output: Output): Promise<void> {
  const costLine = output.json ? "" : await teamCostLine(config);
  if (where) {
    const tasks = await allTasks(taskStore(config, where));
    show(
      output,
      { tasks },
      () => (tasks.length ? table(TASK_HEADERS, taskRows(tasks)) : `No tasks in ${describeWhere(where)}.`) + costLine,
    );
    return;
  }
  const sessions = await allSessions(config);
  const all = await mapLimited(sessions, SESSIONS_AT_ONCE, async ({ session }) => ({
    session,
    tasks: await allTasks(taskStore(config, { session })),
  }));
  show(output, { sessions: all }, () => {
    const rows = all.flatMap(({ session, tasks }) => taskRows(tasks).map((row) => [session, ...row]));
    return (rows.length ? table(["SESSION", ...TASK_HEADERS], rows) : "No tasks.") + costLine;
  });
}

export async function tasksGet(config: Config, key: string, where: Where, output: Output): Promise<void> {
  const task = await taskStore(config, where).get(key);
  show(output, task, () =>
    [
      `${task.key}  ${task.task}  ${task.status}  attempts ${task.attempts}`,
      task.addedBy ? `added by ${task.addedBy.member}${task.addedBy.cwd ? ` in ${task.addedBy.cwd}` : ""}` : "",
      task.error ? `error: ${task.error.name}: ${task.error.message}` : "",
      task.value !== undefined ? `value:\n${typeof task.value === "string" ? task.value : JSON.stringify(task.value, null, 2)}` : "",
    ]
      .filter(Boolean)
      .join("\n"),
  );
}

/** Erases the progress line on a terminal. */
const CLEAR_LINE = "\r\x1b[2K";

/**
 * Waits for the task; on a terminal, the time waited ticks on stderr meanwhile. Exits 0 when
 * it completed, 1 when it failed (its error printed) or was cancelled, 3 at the timeout.
 */
export async function tasksWait(config: Config, key: string, where: Where, timeoutSeconds: number, output: Output): Promise<ExitCode> {
  const start = Date.now();
  const ticker = output.interactive
    ? setInterval(() => output.err(`\rwaiting for ${printable(key)}: ${seconds(Date.now() - start)}`), 1000)
    : undefined;
  let task: TaskResult | null;
  try {
    task = await waitInSlices(config, key, where, start + timeoutSeconds * 1000);
  } finally {
    if (ticker) {
      clearInterval(ticker);
      output.err(CLEAR_LINE);
    }
  }
  if (!task) {
    output.err(`${printable(key)} did not finish within ${timeoutSeconds} s`);
    return EXIT.timedOut;
  }
  show(output, task, () => `${task.key} ${task.status}${outcome(task)}`);
  return task.status === "COMPLETED" ? EXIT.ok : EXIT.failed;
}

/** What a finished task ended with, as the end of its line. */
function outcome(task: TaskResult): string {
  if (task.error && task.status !== "COMPLETED") return `: ${task.error.name}: ${brief(task.error.message, 400)}`;
  return task.value !== undefined ? `: ${brief(task.value, 200)}` : "";
}

/** The task once it ends, or null at the deadline: in slices the Worker can hold open. */
async function waitInSlices(config: Config, key: string, where: Where, deadline: number): Promise<TaskResult | null> {
  for (;;) {
    // Whole milliseconds: AbortSignal.timeout refuses a fraction (24999.000000000004 ms).
    const sliceMs = Math.min(Math.max(0, deadline - Date.now()), WAIT.httpCallerMaxMs);
    try {
      return await taskStore(config, where, { timeoutMs: sliceMs + 10_000 }).wait(key, (sliceMs / 1000).toFixed(1));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 408) throw error;
      if (Date.now() >= deadline) return null;
    }
  }
}

export async function tasksCancel(config: Config, key: string, where: Where, output: Output): Promise<void> {
  const task = await taskStore(config, where).cancel(key);
  show(output, task, () => `${task.key} ${task.status}`);
}

export async function sessionsLs(config: Config, output: Output): Promise<void> {
  const sessions = await allSessions(config);
  show(output, { sessions }, () =>
    sessions.length
      ? table(
          ["SESSION", "MEMBERS", "LAST SEEN", "TASKS"],
          sessions.map((s) => [
            s.session,
            s.members.join(","),
            age(s.lastSeenAt),
            Object.entries(s.counts)
              .map(([status, n]) => `${n} ${status.toLowerCase()}`)
              .join(", "),
          ]),
        )
      : "No sessions.",
  );
}
