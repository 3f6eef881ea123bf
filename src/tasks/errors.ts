/**
 * A caller's mistake (unknown task, bad key, args that cannot be stored). The REST API turns
 * it into a 400 with `code`; a hook handler sees it thrown from `tasks.add`.
 */
export class TaskInputError extends Error {
  override name = "TaskInputError";
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
