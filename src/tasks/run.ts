import { type TaskInputError, toJsonWithin } from "./input";
import { LIMITS } from "./limits";
import { addUsage, type TaskError, type TaskUsage, thrownError } from "./result";
import type { Task, TaskContext, Tasks } from "./tasks";

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
  /** The team the run is for (TaskContext.teamName). */
  teamName?: string;
  tasks: Tasks;
  team: Tasks;
  /** Aborts the run from outside (its runner lost the lease: cancelled, or presumed dead). */
  signal?: AbortSignal;
}

class TaskTimeoutError extends Error {
  override name = "TaskTimeoutError";
}

function toTaskError(thrown: unknown): TaskError {
  return capTaskError(thrownError(thrown));
}

/** An error as it may be stored: a thrown error can carry a whole response body in its message. */
export function capTaskError({ name, message }: TaskError): TaskError {
  return {
    name: cut(String(name), LIMITS.errorNameMaxChars),
    message: cut(String(message), LIMITS.errorMessageMaxChars),
  };
}

function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  const marker = ` [${text.length - max} more characters cut]`;
  return text.slice(0, Math.max(0, max - marker.length)).replace(/[\uD800-\uDBFF]$/, "") + marker;
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
    ...(options.teamName === undefined ? {} : { teamName: options.teamName }),
    tasks: options.tasks,
    team: options.team,
    recordUsage: (more) => {
      usage = addUsage(usage, more);
    },
  };
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopListening = () => {};
  const stopped = new Promise<never>((_, reject) => {
    const stop = (error: unknown) => {
      controller.abort(error);
      reject(error);
    };
    timer = setTimeout(() => stop(new TaskTimeoutError(`Task "${task.name}" timed out after ${timeoutMs / 1000} s`)), timeoutMs);
    const outside = options.signal;
    if (outside?.aborted) return stop(outside.reason);
    const onAbort = () => stop(outside!.reason);
    outside?.addEventListener("abort", onAbort, { once: true });
    stopListening = () => outside?.removeEventListener("abort", onAbort);
  });
  let value: unknown;
  try {
    value = await Promise.race([task.run(context, ...args), stopped]);
  } catch (thrown) {
    return { ok: false, error: toTaskError(thrown), retryable: true, usage };
  } finally {
    clearTimeout(timer);
    stopListening();
  }
  try {
    // A function that returns nothing stores null, as JSON has no undefined.
    return { ok: true, valueJson: toJsonWithin(value ?? null, LIMITS.valueMaxBytes, "result"), usage };
  } catch (error) {
    const { code, message } = error as TaskInputError;
    return { ok: false, error: { name: "TaskResultError", message: `${message} (${code})` }, retryable: false, usage };
  }
}
