import { LEASE, LIMITS } from "../tasks/limits";

/**
 * The store's outbox: a new or retried PENDING row is written first, then its queue message
 * sent, so an accepted task is never lost: a send that fails leaves the row unsent and due, and
 * the alarm sends it again. The messages are tokens, not work (see TaskMessage).
 */

/**
 * What travels on the task queue. Not the work itself (that stays in the session's store) but
 * a token: "claim the best pending task of this session". Each PENDING row owns exactly one
 * token on the queue, so each message leads to at most one run.
 */
export interface TaskMessage {
  team: string;
  session: string;
  token: string;
}

/** A queue message to send for a PENDING row. */
export interface Dispatch {
  token: string;
  delaySeconds: number;
}

/** How long a send may be under way before the alarm tries it again. */
const SEND_RETRY_MS = 30_000;
/** After a failed send, the next try. */
const SEND_BACKOFF_MS = 5_000;

/**
 * When a message sent at `now` for a task ready since `readyAt` is sent again if nobody has
 * claimed it: after 30 s, then after as long again as the task has waited (up to 5 min), and
 * never past the deadline at which the task fails `NotStarted` instead.
 */
function resendAt(now: number, readyAt: number): number {
  const waited = Math.max(0, now - readyAt);
  const after = Math.min(Math.max(waited, LEASE.resendFirstMs), LEASE.resendMaxMs);
  return Math.min(Math.max(readyAt, now) + after, readyAt + LIMITS.pendingMaxSeconds * 1000);
}

/** The outbox columns of the session's task table (token, sent, due_at of PENDING rows). */
export class Outbox {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * The queue messages to send now (the store's outbox), marked as under way so a second
   * caller does not send them too. Confirm with `sent` or `sendFailed`.
   */
  takeUnsent(now: number): Dispatch[] {
    return this.sql
      .exec<{ token: string; ready_at: number }>(
        `UPDATE tasks SET due_at = ? WHERE status = 'PENDING' AND sent = 0 AND due_at <= ? RETURNING token, ready_at`,
        now + SEND_RETRY_MS,
        now,
      )
      .toArray()
      .map((row) => ({ token: row.token, delaySeconds: Math.max(0, Math.ceil((row.ready_at - now) / 1000)) }));
  }

  /** The messages are on the queue: each is sent again if nobody claims it in time (see `resendAt`). */
  sent(tokens: string[], now: number): void {
    for (const token of tokens) {
      const row = this.sql
        .exec<{ id: number; ready_at: number }>("SELECT rowid AS id, ready_at FROM tasks WHERE token = ? AND status = 'PENDING'", token)
        .toArray()[0];
      if (row) this.sql.exec("UPDATE tasks SET sent = 1, due_at = ? WHERE rowid = ?", resendAt(now, row.ready_at), row.id);
    }
  }

  sendFailed(tokens: string[], now: number): void {
    for (const token of tokens) {
      this.sql.exec("UPDATE tasks SET due_at = ? WHERE token = ? AND status = 'PENDING' AND sent = 0", now + SEND_BACKOFF_MS, token);
    }
  }
}
