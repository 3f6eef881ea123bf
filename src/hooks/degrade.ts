import { TaskInputError } from "../tasks/input";

/**
 * Awaits a `tasks.add` (or `getOrAdd`), taking args too large for the store as "nothing to
 * start": for handlers that start work on whatever Claude writes, where a file too big to
 * analyse should pass quietly, not fail the handler on every write.
 */
export async function unlessTooLarge<T>(add: Promise<T>): Promise<T | undefined> {
  try {
    return await add;
  } catch (error) {
    if (error instanceof TaskInputError && error.code === "args_too_large") return undefined;
    throw error;
  }
}
