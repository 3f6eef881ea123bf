/** Every bound on input, in one place, with the reason for each. */
export const LIMITS = {
  /** Keys travel in URL paths and hook messages: keep them short enough to read. */
  keyMaxLength: 256,
  /** Task names are identifiers a developer writes. */
  taskNameMaxLength: 128,
  /** A result is for a later hook in the same working day; a week covers any session. */
  ttlMaxSeconds: 7 * 24 * 3600,
  /** Queue consumers get 15 min of wall time; a run must end (and be recorded) inside it. */
  timeoutMaxSeconds: 840,
  /** Retries beyond this hide a broken task rather than ride out a flaky one. */
  retriesMax: 10,
  priorityMax: 1_000_000,
  /**
   * Args are stored in the session's SQLite row, not in the queue message, but they are kept
   * under the 128 KiB queue-message limit so a row stays small and a task could travel whole.
   */
  argsMaxBytes: 128 * 1024,
  /**
   * Args, values and results nest at most this deep: far more than data a task takes, far less
   * than where the recursion of JSON.stringify, structured clone or a task's own walk overflows.
   */
  jsonMaxDepth: 64,
  /** A Durable Object SQLite value may be 2 MB; leave room for the rest of the row. */
  valueMaxBytes: 1024 * 1024,
  /** REST bodies carry a task's args plus a few fields. */
  restBodyMaxBytes: 256 * 1024,
  /** Hook events carry whole file contents (Write, Edit): allow more than a REST body. */
  hookBodyMaxBytes: 1024 * 1024,
  /** A single wait() held open in the Durable Object. */
  waitMaxSeconds: 900,
  /** A PENDING task not claimed by then (lost queue message, dead consumer) is failed. */
  pendingMaxSeconds: 3600,
} as const;

export const DEFAULTS = {
  ttlSeconds: 300,
  priority: 0,
  timeoutSeconds: 300,
  retries: 0,
  waitSeconds: 30,
} as const;
