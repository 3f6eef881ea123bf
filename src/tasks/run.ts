import { TaskInputError } from "./errors";
import { toJsonWithin } from "./input";
import { LIMITS } from "./limits";
import type { TaskError } from "./result";
import type { Task } from "./task";

export type RunOutcome =
  | { ok: true; valueJson: string }
  | {
      ok: false;
      error: TaskError;
      /** false when running again cannot help (the value cannot be stored). */
      retryable: boolean;
    };

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
export async function runTask(task: Task, args: unknown[], timeoutMs = task.timeout * 1000): Promise<RunOutcome> {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const timedOut = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TaskTimeoutError(`Task "${task.name}" timed out after ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
  });
  let value: unknown;
  try {
    value = await Promise.race([task.run(...args), timedOut]);
  } catch (thrown) {
    return { ok: false, error: toTaskError(thrown), retryable: true };
  } finally {
    clearTimeout(timer);
  }
  try {
    // A function that returns nothing stores null, as JSON has no undefined.
    return { ok: true, valueJson: toJsonWithin(value ?? null, LIMITS.valueMaxBytes, "result") };
  } catch (error) {
    const { code, message } = error as TaskInputError;
    return { ok: false, error: { name: "TaskResultError", message: `${message} (${code})` }, retryable: false };
  }
}
