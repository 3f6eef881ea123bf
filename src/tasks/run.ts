import { TaskInputError } from "./errors";
import { toJsonWithin } from "./input";
import { LIMITS } from "./limits";
import { addUsage, type TaskError, type TaskUsage } from "./result";
import type { Task, TaskContext } from "./task";
import type { Tasks } from "./tasks";

/** A failed run, as the store records it. */
export interface RunFailure {
  error: TaskError;
  /** false when running again cannot help (the value cannot be stored). */
  retryable: boolean;
  usage?: TaskUsage;
}

export type RunOutcome = { ok: true; valueJson: string; usage?: TaskUsage } | ({ ok: false } & RunFailure);

export interface RunOptions {
  key: string;
  attempt: number;
  timeoutMs: number;
  env: Env | undefined;
  tasks: Tasks;
  team: Tasks;
}

export class TaskTimeoutError extends Error {
  override name = "TaskTimeoutError";
}

export function toTaskError(thrown: unknown): TaskError {
  if (thrown instanceof Error) {
    return { name: thrown.name || "Error", message: thrown.message };
  }
  return { name: "Error", message: String(thrown) };
}

/**
 * Runs a task once: its function, then its transform, within its timeout, and turns the value
 * into the JSON that is stored. Shared by the queue consumer and the immediate backend so
 * both treat a value, a throw and a timeout alike.
 */
export async function runTask(task: Task, args: unknown[], options: RunOptions): Promise<RunOutcome> {
  const { timeoutMs } = options;
  const controller = new AbortController();
  let usage: TaskUsage | undefined;
  const context: TaskContext = {
    key: options.key,
    attempt: options.attempt,
    signal: controller.signal,
    deadline: Date.now() + timeoutMs,
    env: options.env,
    tasks: options.tasks,
    team: options.team,
    recordUsage: (more) => {
      usage = addUsage(usage, more);
    },
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new TaskTimeoutError(`Task "${task.name}" timed out after ${timeoutMs / 1000} s`);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
  });
  let value: unknown;
  try {
    value = await Promise.race([task.run(context, ...args), timedOut]);
  } catch (thrown) {
    return { ok: false, error: toTaskError(thrown), retryable: true, usage };
  } finally {
    clearTimeout(timer);
  }
  try {
    // A function that returns nothing stores null, as JSON has no undefined.
    return { ok: true, valueJson: toJsonWithin(value ?? null, LIMITS.valueMaxBytes, "result"), usage };
  } catch (error) {
    const { code, message } = error as TaskInputError;
    return { ok: false, error: { name: "TaskResultError", message: `${message} (${code})` }, retryable: false, usage };
  }
}
