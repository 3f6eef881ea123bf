import type { AddRequest, PutRequest } from "../tasks/backend";
import { PUT_TASK } from "../tasks/put";
import type { RunFailure } from "../tasks/run";
import { LIMITS } from "../tasks/limits";
import {
  type AddResult,
  addUsage,
  type TaskError,
  type TaskOrigin,
  type TaskResult,
  TaskStatus,
  type TaskUsage,
} from "../tasks/result";
import { getMeta, setMeta } from "./schema";
import type { SessionScope } from "./scope";

interface TaskRow extends Record<string, SqlStorageValue> {
  key: string;
  task: string;
  args: string;
  status: TaskStatus;
  value: string | null;
  error: string | null;
  priority: number;
  ttl_ms: number;
  timeout_ms: number;
  max_attempts: number;
  attempts: number;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
  ready_at: number;
  token: string | null;
  sent: number;
  run_id: string | null;
  usage: string | null;
  added_by: string | null;
  due_at: number;
}

/** What the queue consumer gets when it claims a task: everything needed to run it once. */
export interface Claim {
  key: string;
  task: string;
  argsJson: string;
  attempt: number;
  runId: string;
  timeoutMs: number;
  addedBy?: TaskOrigin;
}

/** A queue message to send for a PENDING row. */
export interface Dispatch {
  token: string;
  delaySeconds: number;
}

/** A run that never records its result is presumed dead this long after its timeout. */
export const LEASE_GRACE_MS = 30_000;
/** How long a send may be under way before the alarm tries it again. */
const SEND_RETRY_MS = 30_000;
/** After a failed send, the next try. */
const SEND_BACKOFF_MS = 5_000;

/** Backoff before retry n (1-based) of a failed run: 1, 2, 4 ... 30 s. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(2 ** (failedAttempts - 1), 30) * 1000;
}

// A finished row is alive until due_at (= finished_at + ttl); unfinished rows always are.
const LIVE = "(status IN ('PENDING', 'RUNNING') OR due_at > ?)";
const FINISHED = "status IN ('COMPLETED', 'FAILED', 'CANCELLED')";

/**
 * One session's tasks in the Durable Object's SQLite: every state change of the task
 * lifecycle, synchronous so each method is atomic. The Durable Object around it owns time
 * (`now` is passed in), the queue and the alarm.
 */
export class TaskTable {
  constructor(
    private readonly storage: DurableObjectStorage,
    /** Called for every task whose state changed, or that was removed. */
    private readonly onChange: (key: string) => void,
  ) {}

  private changed(keys: string[]): void {
    for (const key of keys) this.onChange(key);
  }

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  scope(): SessionScope | null {
    const scope = getMeta(this.sql, "scope");
    return scope === null ? null : (JSON.parse(scope) as SessionScope);
  }

  /** The store learns which session it holds on its first add (the alarm needs it to send). */
  rememberScope(scope: SessionScope): void {
    setMeta(this.sql, "scope", JSON.stringify(scope));
  }

  /** The team's cap on how long finished results live, or null. */
  retentionMs(): number | null {
    const retention = getMeta(this.sql, "retention_ms");
    return retention === null ? null : Number(retention);
  }

  /** Caps every result's lifetime, those already finished included; null lifts the cap for new ones. */
  setRetention(retentionMs: number | null): void {
    this.storage.transactionSync(() => {
      setMeta(this.sql, "retention_ms", retentionMs === null ? null : String(retentionMs));
      if (retentionMs === null) return;
      this.sql.exec("UPDATE tasks SET ttl_ms = ? WHERE ttl_ms > ?", retentionMs, retentionMs);
      const shortened = this.sql
        .exec<{ key: string }>(
          `UPDATE tasks SET due_at = finished_at + ttl_ms WHERE ${FINISHED} AND due_at > finished_at + ttl_ms RETURNING key`,
        )
        .toArray();
      this.changed(shortened.map((row) => row.key));
    });
  }

  private liveRow(key: string, now: number): TaskRow | null {
    return this.sql.exec<TaskRow>(`SELECT * FROM tasks WHERE key = ? AND ${LIVE}`, key, now).toArray()[0] ?? null;
  }

  /**
   * A new PENDING run, unless the key is PENDING or RUNNING (or, with `keepCompleted`,
   * COMPLETED): that task is returned as it is, with `added: false`.
   */
  add(request: AddRequest, now: number): AddResult {
    return this.storage.transactionSync(() => {
      const existing = this.liveRow(request.key, now);
      const kept: TaskStatus[] = [TaskStatus.PENDING, TaskStatus.RUNNING];
      if (request.keepCompleted) kept.push(TaskStatus.COMPLETED);
      if (existing && kept.includes(existing.status)) {
        return { added: false, result: toResult(existing) };
      }
      const retention = this.retentionMs();
      // REPLACE gives the row a new rowid, so a re-added key queues behind the others.
      this.sql.exec(
        `INSERT OR REPLACE INTO tasks
           (key, task, args, status, priority, ttl_ms, timeout_ms, max_attempts, attempts,
            created_at, ready_at, token, sent, added_by, due_at)
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?)`,
        request.key,
        request.task,
        request.argsJson,
        request.priority,
        retention === null ? request.ttlMs : Math.min(request.ttlMs, retention),
        request.timeoutMs,
        request.maxAttempts,
        now,
        now,
        crypto.randomUUID(),
        request.addedBy ? JSON.stringify(request.addedBy) : null,
        now,
      );
      this.changed([request.key]);
      return { added: true, result: toResult(this.liveRow(request.key, now)!) };
    });
  }

  /** Stores a value as a COMPLETED result under `key`, replacing whatever was there. */
  put(request: PutRequest, now: number): TaskResult {
    const retention = this.retentionMs();
    const ttl = retention === null ? request.ttlMs : Math.min(request.ttlMs, retention);
    this.sql.exec(
      `INSERT OR REPLACE INTO tasks
         (key, task, args, status, value, priority, ttl_ms, timeout_ms, max_attempts, attempts,
          created_at, finished_at, ready_at, added_by, due_at)
       VALUES (?1, ?2, '[]', 'COMPLETED', ?3, 0, ?4, 0, 0, 0, ?5, ?5, ?5, ?6, ?7)`,
      request.key,
      PUT_TASK,
      request.valueJson,
      ttl,
      now,
      request.addedBy ? JSON.stringify(request.addedBy) : null,
      now + ttl,
    );
    this.changed([request.key]);
    return toResult(this.liveRow(request.key, now)!);
  }

  get(key: string, now: number): TaskResult | null {
    const row = this.liveRow(key, now);
    return row ? toResult(row) : null;
  }

  list(now: number): TaskResult[] {
    return this.sql.exec<TaskRow>(`SELECT * FROM tasks WHERE ${LIVE} ORDER BY rowid`, now).toArray().map(toResult);
  }

  pop(key: string, now: number): { value: unknown } | null {
    const row = this.sql
      .exec<{ value: string }>(
        "DELETE FROM tasks WHERE key = ? AND status = 'COMPLETED' AND due_at > ? RETURNING value",
        key,
        now,
      )
      .toArray()[0];
    if (!row) return null;
    this.changed([key]);
    return { value: JSON.parse(row.value) };
  }

  popAll(now: number): Record<string, unknown> {
    const rows = this.sql
      .exec<{ key: string; value: string }>(
        "DELETE FROM tasks WHERE status = 'COMPLETED' AND due_at > ? RETURNING key, value",
        now,
      )
      .toArray();
    this.changed(rows.map((row) => row.key));
    return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
  }

  popErrors(now: number): { key: string; error: TaskError }[] {
    return this.storage.transactionSync(() => {
      const rows = this.sql
        .exec<{ key: string; error: string }>(
          "SELECT key, error FROM tasks WHERE status = 'FAILED' AND due_at > ? ORDER BY finished_at, rowid",
          now,
        )
        .toArray();
      this.sql.exec("DELETE FROM tasks WHERE status = 'FAILED' AND due_at > ?", now);
      this.changed(rows.map((row) => row.key));
      return rows.map((row) => ({ key: row.key, error: JSON.parse(row.error) as TaskError }));
    });
  }

  has(key: string | undefined, now: number): boolean {
    const cursor =
      key === undefined
        ? this.sql.exec("SELECT 1 FROM tasks WHERE status = 'COMPLETED' AND due_at > ? LIMIT 1", now)
        : this.sql.exec("SELECT 1 FROM tasks WHERE key = ? AND status = 'COMPLETED' AND due_at > ?", key, now);
    return cursor.toArray().length > 0;
  }

  /** PENDING or RUNNING -> CANCELLED. A running attempt's late result is then refused by its run id. */
  cancel(key: string | undefined, now: number): string[] {
    const keyFilter = key === undefined ? "" : "AND key = ?";
    const keys = this.sql
      .exec<{ key: string }>(
        `UPDATE tasks
            SET status = 'CANCELLED', finished_at = ?1, due_at = ?1 + ttl_ms, token = NULL, sent = 0, run_id = NULL
          WHERE status IN ('PENDING', 'RUNNING') ${keyFilter}
          RETURNING key`,
        now,
        ...(key === undefined ? [] : [key]),
      )
      .toArray()
      .map((row) => row.key);
    this.changed(keys);
    return keys;
  }

  /**
   * Claims a task for the queue message carrying `token`, or null when that message is stale
   * (its task was claimed, cancelled, finished or expired: a redelivery does nothing). The
   * claimed task is the session's best pending one (highest priority, then oldest), which may
   * not be the token's own row: the two rows then swap tokens, so every PENDING row still owns
   * one message on the queue.
   */
  claim(token: string, now: number, runId: string): Claim | null {
    return this.storage.transactionSync(() => {
      const own = this.sql
        .exec<TaskRow>("SELECT * FROM tasks WHERE token = ? AND status = 'PENDING'", token)
        .toArray()[0];
      if (!own) return null;
      const best = this.sql
        .exec<TaskRow>(
          `SELECT * FROM tasks WHERE status = 'PENDING' AND (ready_at <= ? OR key = ?)
            ORDER BY priority DESC, rowid LIMIT 1`,
          now,
          own.key,
        )
        .toArray()[0]!;
      this.sql.exec(
        `UPDATE tasks
            SET status = 'RUNNING', started_at = ?, attempts = attempts + 1, run_id = ?,
                token = NULL, sent = 0, due_at = ?
          WHERE key = ?`,
        now,
        runId,
        now + best.timeout_ms + LEASE_GRACE_MS,
        best.key,
      );
      this.changed([best.key]);
      if (best.key !== own.key) {
        this.sql.exec(
          "UPDATE tasks SET token = ?, sent = ?, due_at = ? WHERE key = ?",
          best.token,
          best.sent,
          best.due_at,
          own.key,
        );
      }
      return {
        key: best.key,
        task: best.task,
        argsJson: best.args,
        attempt: best.attempts + 1,
        runId,
        timeoutMs: best.timeout_ms,
        ...(best.added_by !== null ? { addedBy: JSON.parse(best.added_by) as TaskOrigin } : {}),
      };
    });
  }

  /** Records the value of run `runId`; false (nothing stored) when that run no longer owns the task. */
  complete(key: string, runId: string, valueJson: string, usage: TaskUsage | undefined, now: number): boolean {
    return this.storage.transactionSync(() => {
      const row = this.runningRow(key, runId);
      if (!row) return false;
      this.sql.exec(
        `UPDATE tasks
            SET status = 'COMPLETED', value = ?, error = NULL, usage = ?, finished_at = ?3, due_at = ?3 + ttl_ms,
                run_id = NULL
          WHERE key = ?`,
        valueJson,
        mergedUsage(row, usage),
        now,
        key,
      );
      this.changed([key]);
      return true;
    });
  }

  private runningRow(key: string, runId: string): TaskRow | undefined {
    return this.sql
      .exec<TaskRow>("SELECT * FROM tasks WHERE key = ? AND status = 'RUNNING' AND run_id = ?", key, runId)
      .toArray()[0];
  }

  /**
   * Records a failed run: back to PENDING (with backoff) while attempts remain and a retry can
   * help, else FAILED. False when that run no longer owns the task.
   */
  fail(key: string, runId: string, failure: RunFailure, now: number): boolean {
    return this.storage.transactionSync(() => this.failRun(key, runId, failure, now));
  }

  private failRun(key: string, runId: string, { error, retryable, usage }: RunFailure, now: number): boolean {
    const row = this.runningRow(key, runId);
    if (!row) return false;
    this.sql.exec("UPDATE tasks SET usage = ? WHERE key = ?", mergedUsage(row, usage), key);
    if (retryable && row.attempts < row.max_attempts) {
      this.sql.exec(
        `UPDATE tasks
            SET status = 'PENDING', error = ?, run_id = NULL, ready_at = ?, token = ?, sent = 0, due_at = ?
          WHERE key = ?`,
        JSON.stringify(error),
        now + retryDelayMs(row.attempts),
        crypto.randomUUID(),
        now,
        key,
      );
      this.changed([key]);
    } else {
      this.finishFailed(key, error, now);
    }
    return true;
  }

  /** The queue gave up delivering `token`: its task can never be claimed, so it fails. */
  deadLetter(token: string, now: number): boolean {
    const row = this.sql.exec<{ key: string }>("SELECT key FROM tasks WHERE token = ? AND status = 'PENDING'", token)
      .toArray()[0];
    if (!row) return false;
    this.finishFailed(
      row.key,
      {
        name: "DeliveryFailed",
        message: "The task's queue message went to the dead-letter queue: its deliveries kept failing",
      },
      now,
    );
    return true;
  }

  private finishFailed(key: string, error: TaskError, now: number): void {
    this.sql.exec(
      `UPDATE tasks
          SET status = 'FAILED', error = ?, finished_at = ?2, due_at = ?2 + ttl_ms, token = NULL, sent = 0, run_id = NULL
        WHERE key = ?`,
      JSON.stringify(error),
      now,
      key,
    );
    this.changed([key]);
  }

  /**
   * The alarm's work, safe to run any number of times: deletes expired results, retries or
   * fails runs whose lease ran out, and fails tasks that were never claimed.
   */
  expire(now: number): void {
    this.storage.transactionSync(() => {
      const expired = this.sql
        .exec<{ key: string }>(`DELETE FROM tasks WHERE ${FINISHED} AND due_at <= ? RETURNING key`, now)
        .toArray();
      this.changed(expired.map((row) => row.key));
      const lapsed = this.sql
        .exec<{ key: string; run_id: string; attempts: number }>(
          "SELECT key, run_id, attempts FROM tasks WHERE status = 'RUNNING' AND due_at <= ?",
          now,
        )
        .toArray();
      for (const row of lapsed) {
        const error = {
          name: "LeaseExpired",
          message: `Attempt ${row.attempts} stopped without recording a result (the consumer running it died or was evicted)`,
        };
        this.failRun(row.key, row.run_id, { error, retryable: true }, now);
      }
      const unclaimed = this.sql
        .exec<{ key: string }>("SELECT key FROM tasks WHERE status = 'PENDING' AND sent = 1 AND due_at <= ?", now)
        .toArray();
      for (const row of unclaimed) {
        this.finishFailed(
          row.key,
          {
            name: "NotStarted",
            message: `No queue consumer claimed the task within ${LIMITS.pendingMaxSeconds} s`,
          },
          now,
        );
      }
    });
  }

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

  sent(tokens: string[], now: number): void {
    for (const token of tokens) {
      this.sql.exec(
        "UPDATE tasks SET sent = 1, due_at = max(ready_at, ?) + ? WHERE token = ? AND status = 'PENDING'",
        now,
        LIMITS.pendingMaxSeconds * 1000,
        token,
      );
    }
  }

  sendFailed(tokens: string[], now: number): void {
    for (const token of tokens) {
      this.sql.exec(
        "UPDATE tasks SET due_at = ? WHERE token = ? AND status = 'PENDING' AND sent = 0",
        now + SEND_BACKOFF_MS,
        token,
      );
    }
  }

  /** Live tasks by status, for the team index. */
  counts(now: number): Partial<Record<TaskStatus, number>> {
    const rows = this.sql
      .exec<{ status: TaskStatus; n: number }>(`SELECT status, count(*) AS n FROM tasks WHERE ${LIVE} GROUP BY status`, now)
      .toArray();
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  }

  /** When the alarm must fire next: the earliest due_at, or null for an empty store. */
  nextDueAt(): number | null {
    return this.sql.exec<{ next: number | null }>("SELECT min(due_at) AS next FROM tasks").one().next;
  }
}

function mergedUsage(row: TaskRow, usage: TaskUsage | undefined): string | null {
  const merged = addUsage(row.usage === null ? undefined : (JSON.parse(row.usage) as TaskUsage), usage);
  return merged ? JSON.stringify(merged) : null;
}

function toResult(row: TaskRow): TaskResult {
  const finished = row.status !== TaskStatus.PENDING && row.status !== TaskStatus.RUNNING;
  return {
    key: row.key,
    task: row.task,
    status: row.status,
    ...(row.status === TaskStatus.COMPLETED && row.value !== null ? { value: JSON.parse(row.value) } : {}),
    ...(row.error !== null ? { error: JSON.parse(row.error) as TaskError } : {}),
    priority: row.priority,
    createdAt: row.created_at,
    ...(row.started_at !== null ? { startedAt: row.started_at } : {}),
    ...(row.finished_at !== null ? { finishedAt: row.finished_at } : {}),
    expiresAt: finished ? row.due_at : null,
    attempts: row.attempts,
    ...(row.usage !== null ? { usage: JSON.parse(row.usage) as TaskUsage } : {}),
    ...(row.added_by !== null ? { addedBy: JSON.parse(row.added_by) as TaskOrigin } : {}),
  };
}
