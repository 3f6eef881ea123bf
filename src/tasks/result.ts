/**
 * The shapes a task's state takes at the edges: stored by the session store, returned by
 * `Tasks`, sent as JSON by the REST API and read by the CLI. Defined once, here.
 */

export const TaskStatus = {
  PENDING: "PENDING",
  RUNNING: "RUNNING",
  COMPLETED: "COMPLETED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
} as const;
export type TaskStatus = (typeof TaskStatus)[keyof typeof TaskStatus];

/** Statuses after which a task never runs again (until its key is added afresh). */
const FINISHED_STATUSES: readonly TaskStatus[] = [TaskStatus.COMPLETED, TaskStatus.FAILED, TaskStatus.CANCELLED];

export function isFinished(status: TaskStatus): boolean {
  return FINISHED_STATUSES.includes(status);
}

/** An error as it crosses the queue and the API: the name and message of what was thrown. */
export interface TaskError {
  name: string;
  message: string;
}

/** Anything thrown (an Error or not) as a name and a message. */
export function thrownError(thrown: unknown): TaskError {
  return thrown instanceof Error ? { name: thrown.name || "Error", message: thrown.message } : { name: "Error", message: String(thrown) };
}

/** Anything thrown as one line of text: "RangeError: handler bug" (a thrown string as it is). */
export function describeError(thrown: unknown): string {
  return thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
}

/** What a task's Claude API calls used, summed over its attempts. */
export interface TaskUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
  costUsd: number;
}

export function addUsage(a: TaskUsage | undefined, b: TaskUsage | undefined): TaskUsage | undefined {
  if (!a || !b) return a ?? b;
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cacheCreationInputTokens: a.cacheCreationInputTokens + b.cacheCreationInputTokens,
    cacheReadInputTokens: a.cacheReadInputTokens + b.cacheReadInputTokens,
    costUsd: a.costUsd + b.costUsd,
  };
}

/** Who added a task, and from where (as the hook event told). */
export interface TaskOrigin {
  member: string;
  /** The working directory of the Claude Code session. */
  cwd?: string;
  /** The machine, when the sender names it (the shim sends its hostname). */
  machine?: string;
}

/** One task's state. Times are milliseconds since the epoch. */
export interface TaskResult<T = unknown> {
  key: string;
  task: string;
  status: TaskStatus;
  /** Present when COMPLETED. */
  value?: T;
  /** Present when FAILED, and after a failed attempt that will be retried. */
  error?: TaskError;
  priority: number;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  /** When the result will be gone: finishedAt + ttl. null while the task has not finished. */
  expiresAt: number | null;
  attempts: number;
  /** Present when the task's runs recorded API usage (Claude agent tasks). */
  usage?: TaskUsage;
  addedBy?: TaskOrigin;
  /**
   * What the task is about, in words, as its adder described it (`AddOptions.label`): shown to
   * teammates instead of a key that says nothing (a content hash). Control characters stripped.
   */
  label?: string;
}

/**
 * One task read on its own (GET .../tasks/:key): its state and the args it runs with. Args are
 * the adder's data within the team, shown to the team's members as results are; strings beyond
 * their share of `LIMITS.detailArgsMaxChars` are cut (`argsCut`), so a 128 KiB file stays readable.
 */
export interface TaskDetail<T = unknown> extends TaskResult<T> {
  args: unknown[];
  /** The args' size as stored, in bytes of JSON. */
  argsBytes: number;
  /** Some args were cut or left out to keep this answer small. */
  argsCut?: true;
}

/** What `add` tells: whether a new run was queued, and the task's state either way. */
export interface AddResult<T = unknown> {
  /** false when the key was already PENDING or RUNNING: nothing was replaced. */
  added: boolean;
  result: TaskResult<T>;
}

/** One task as a scan sees it (`tasks.keys()`): no value, no error, cheap to read by the thousand. */
export interface TaskEntry {
  key: string;
  task: string;
  status: TaskStatus;
}
