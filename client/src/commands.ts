// `tasks ...` and `sessions ls`: the team's view from a terminal, tables by default, --json for scripts.
import { WAIT } from "../../src/tasks/limits";
import type { TaskResult } from "../../src/tasks/result";
import { ApiError, body, param, worker } from "./api";
import type { Config } from "./config";
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

export async function tasksLs(config: Config, session: string | undefined, output: Output): Promise<void> {
  const costLine = output.json ? "" : await teamCostLine(config);
  if (session) {
    const { tasks } = await listTasks(config, session);
    show(output, { tasks }, () => (tasks.length ? table(TASK_HEADERS, taskRows(tasks)) : `No tasks in ${session}.`) + costLine);
    return;
  }
  // No session: every session of the team, from the index.
  const { sessions } = await listSessions(config);
  const all = await Promise.all(
    sessions.map(async ({ session: id }) => ({
      session: id,
      tasks: (await listTasks(config, id)).tasks,
    })),
  );
  show(output, { sessions: all }, () => {
    const rows = all.flatMap(({ session: id, tasks }) => taskRows(tasks).map((row) => [id, ...row]));
    return (rows.length ? table(["SESSION", ...TASK_HEADERS], rows) : "No tasks.") + costLine;
  });
}

export async function tasksGet(config: Config, key: string, session: string, output: Output): Promise<void> {
  const task = await body(worker(config).v1.sessions[":session"].tasks[":key"].$get({ param: params(session, key) }));
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

/** Waits for the task; on a terminal, the time waited ticks on stderr meanwhile. */
export async function tasksWait(config: Config, key: string, session: string, timeoutSeconds: number, output: Output): Promise<number> {
  const start = Date.now();
  const ticker = output.interactive
    ? setInterval(() => output.err(`\rwaiting for ${printable(key)}: ${seconds(Date.now() - start)}`), 1000)
    : undefined;
  let task: TaskResult | null;
  try {
    task = await waitInSlices(config, key, session, start + timeoutSeconds * 1000);
  } finally {
    if (ticker) {
      clearInterval(ticker);
      output.err(CLEAR_LINE);
    }
  }
  if (!task) {
    output.err(`${printable(key)} did not finish within ${timeoutSeconds} s`);
    return 3;
  }
  show(output, task, () => `${task.key} ${task.status}${task.value !== undefined ? `: ${brief(task.value, 200)}` : ""}`);
  return task.status === "COMPLETED" ? 0 : 1;
}

/** The task once it ends, or null at the deadline: in slices the Worker can hold open. */
async function waitInSlices(config: Config, key: string, session: string, deadline: number): Promise<TaskResult | null> {
  for (;;) {
    // Whole milliseconds: AbortSignal.timeout refuses a fraction (24999.000000000004 ms).
    const sliceMs = Math.min(Math.max(0, deadline - Date.now()), WAIT.httpCallerMaxMs);
    try {
      const api = worker(config, { timeoutMs: sliceMs + 10_000 });
      return await body(
        api.v1.sessions[":session"].tasks[":key"].wait.$get({
          param: params(session, key),
          query: { timeout: (sliceMs / 1000).toFixed(1) },
        }),
      );
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 408) throw error;
      if (Date.now() >= deadline) return null;
    }
  }
}

export async function tasksCancel(config: Config, key: string, session: string, output: Output): Promise<void> {
  const task = await body(worker(config).v1.sessions[":session"].tasks[":key"].$delete({ param: params(session, key) }));
  show(output, task, () => `${task.key} ${task.status}`);
}

export async function sessionsLs(config: Config, output: Output): Promise<void> {
  let sessions: Awaited<ReturnType<typeof listSessions>>["sessions"];
  try {
    ({ sessions } = await listSessions(config));
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      throw new Error("this Worker has no session index (GET /v1/sessions): it predates team sharing");
    }
    throw error;
  }
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

const params = (session: string, key: string) => ({ session: param(session), key: param(key) });

function listTasks(config: Config, session: string) {
  return body(worker(config).v1.sessions[":session"].tasks.$get({ param: { session: param(session) }, query: {} }));
}

function listSessions(config: Config) {
  return body(worker(config).v1.sessions.$get({ query: {} }));
}
