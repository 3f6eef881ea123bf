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
  /** The most a wait() may ask for; what it gets is capped by what its caller can use (see WAIT). */
  waitMaxSeconds: 900,
  /** A PENDING task not claimed by then (lost queue message, dead consumer) is failed. */
  pendingMaxSeconds: 3600,
  /** An error's message as stored and shown: a thrown error may carry a whole response body. */
  errorMessageMaxChars: 4000,
  errorNameMaxChars: 200,
  /** Tasks in one page of a list: a page is one RPC, which Cloudflare caps at 32 MiB. */
  listPageMax: 1000,
  listPageDefault: 100,
  /** Values and errors in one list page, in UTF-8 bytes (at least one task per page, whatever its size). */
  listPageMaxBytes: 4 * 1024 * 1024,
  /** Keys read by one scan (keys, task names and statuses only). */
  scanMax: 1000,
  /** Sessions in one page of the team index. */
  indexPageMax: 1000,
  indexPageDefault: 200,
  /** Live frames (the team page): tasks in a snapshot, sessions in the index's snapshot. */
  liveSnapshotTasks: 200,
  liveSnapshotSessions: 500,
  /** A task's label (AddOptions.label), shown to teammates: a line, not a document. */
  labelMaxChars: 120,
  /** A task's args as its detail shows them (GET .../tasks/:key), in characters of JSON: longer strings are cut. */
  detailArgsMaxChars: 16 * 1024,
  /** A value larger than this is left out of live frames (`valueOmitted`); GET the task to read it. */
  liveValueMaxBytes: 16 * 1024,
  /**
   * Values in one snapshot of the team's followed keys (a hook's first team read, see TeamView):
   * a key whose value does not fit is left out, and read on its own if a handler asks for it.
   */
  teamSnapshotMaxBytes: 512 * 1024,
} as const;

/**
 * Leases and resends: how a dead runner or a lost queue message is noticed (see TaskTable).
 * A runner renews its lease every `leaseRenewMs`, so one renewal may fail without losing it.
 */
export const LEASE = {
  /** A RUNNING task whose runner has not renewed its lease for this long is presumed dead. */
  leaseMs: 30_000,
  leaseRenewMs: 10_000,
  /** A PENDING task's message not claimed this long after it was sent is sent again... */
  resendFirstMs: 30_000,
  /** ...and then after as long again as it has waited, up to this. */
  resendMaxMs: 300_000,
} as const;

/** How long a wait() holds one RPC, and what a caller outside a task run can use at most. */
export const WAIT = {
  /** One RPC to the store holds at most this long; a longer wait asks again. */
  sliceMs: 60_000,
  /**
   * A hook handler or a REST call answers over HTTP, and Cloudflare cuts an answer silent for
   * 100 s (error 524): outside a task run, a wait lasts at most this long.
   */
  httpCallerMaxMs: 60_000,
} as const;

export const DEFAULTS = {
  ttlSeconds: 300,
  priority: 0,
  timeoutSeconds: 300,
  retries: 0,
  waitSeconds: 30,
} as const;
