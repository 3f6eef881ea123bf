// The CLI's exit codes, one meaning each, so a script can tell "the task failed" from "the
// Worker is down" or "the token is wrong" without reading the message. docs/connecting-claude-code.md lists them.

export const EXIT = {
  ok: 0,
  /** `tasks wait`: the task FAILED or was CANCELLED; `doctor`: a problem was found. */
  failed: 1,
  /** A command, flag or value the CLI does not take: nothing was sent. */
  usage: 2,
  /** `tasks wait`: the task had not finished at the timeout. */
  timedOut: 3,
  /** Nothing of ours answers at the URL: connection refused, no answer, or another service. */
  unreachable: 4,
  /** No token, a token the Worker refuses (or is not allowed to use there), or one withheld from this URL. */
  unauthorized: 5,
  /** The Worker refused the request (no such task, already finished...) or anything else went wrong. */
  error: 6,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** An error that knows the exit code it ends the CLI with. */
export class CliError extends Error {
  constructor(
    readonly exitCode: ExitCode,
    message: string,
  ) {
    super(message);
  }
}

/** A command line the CLI does not take (exit 2). */
export class UsageError extends CliError {
  override name = "UsageError";
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}
