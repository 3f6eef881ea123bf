import { type AddRequest, type ListRequest, PUT_TASK, type PutRequest, type TaskFailure, type TaskFilter } from "../tasks/backend";
import { capTaskError, type RunFailure } from "../tasks/run";
import { LEASE, LIMITS } from "../tasks/limits";
import { type Actor, type Refused, type SharedChange, sessionRefusal, sharedRefusal } from "../tasks/permissions";
import {
  type AddResult,
  addUsage,
  type TaskDetail,
  type TaskEntry,
  type TaskError,
  type TaskOrigin,
  type TaskResult,
  TaskStatus,
  type TaskUsage,
} from "../tasks/result";
import type { TableStorage } from "./memory-storage";
import { getMeta, setMeta } from "./schema";
import { StoreSettings } from "./settings";
import { shownArgs } from "./shown-args";
import { Tally } from "./tally";

interface TaskRow extends Record<string, SqlStorageValue> {
  /** The rowid: every change to a row read here goes by it, never by a key read back. */
  id: number;
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
  label: string | null;
  due_at: number;
}

/** What the queue consumer gets when it claims a task: everything needed to run it once. */
export interface Claim {
  key: string;
  task: string;
  argsJson: string;
  attempt: number;
  /** The attempts it may have: a failed run with this `attempt` is the last. */
  maxAttempts: number;
  runId: string;
  timeoutMs: number;
  addedBy?: TaskOrigin;
}

/** A page of `list`: `next` is the rowid to continue after. */
export interface TablePage {
  tasks: TaskResult[];
  next: number | null;
}

/** What `retry` did: a new PENDING run, or why not. */
export type RetryOutcome =
  | { outcome: "retried"; result: TaskResult }
  | { outcome: "not_found" }
  | { outcome: "not_retryable"; result: TaskResult }
  | { outcome: "forbidden"; message: string };

/** What `deleteFinished` did: the result removed, or why not. */
export type DeleteOutcome =
  | { outcome: "deleted"; result: TaskResult }
  | { outcome: "not_found" }
  | { outcome: "not_finished"; result: TaskResult }
  | { outcome: "forbidden"; message: string };

/** A new PENDING row: what `add` and `retry` write. */
type NewRun = Omit<AddRequest, "keepCompleted">;

/** Backoff before retry n (1-based) of a failed run: 1, 2, 4 ... 30 s. */
export function retryDelayMs(failedAttempts: number): number {
  return Math.min(2 ** (failedAttempts - 1), 30) * 1000;
}

/**
 * When a run's lease ends if renewed at `now`: a short lease, so that a dead runner is noticed
 * within `LEASE.leaseMs` whatever the task's timeout, but never past the timeout itself (plus
 * one lease): a runner that keeps renewing without ever finishing is not believed forever.
 */
function leaseEnd(now: number, startedAt: number, timeoutMs: number): number {
  return Math.min(now + LEASE.leaseMs, startedAt + timeoutMs + LEASE.leaseMs);
}

// A finished row is alive until due_at (= finished_at + ttl); unfinished rows always are.
const LIVE = "(status IN ('PENDING', 'RUNNING') OR due_at > ?)";
const FINISHED = "status IN ('COMPLETED', 'FAILED', 'CANCELLED')";
const ROW = "SELECT rowid AS id, * FROM tasks";
/** Every column but value and error, which may be megabytes each. */
const LIGHT_COLUMNS = `rowid AS id, key, task, args, status, priority, ttl_ms, timeout_ms, max_attempts, attempts,
  created_at, started_at, finished_at, ready_at, token, sent, run_id, usage, added_by, label, due_at`;

/**
 * One session's tasks in the Durable Object's SQLite: every state change of the task
 * lifecycle, synchronous so each method is atomic. The Durable Object around it owns time
 * (`now` is passed in), the queue (through its outbox, outbox.ts) and the alarm.
 */
export class TaskTable {
  constructor(
    private readonly storage: TableStorage,
    /** Called for every task whose state changed, or that was removed. */
    private readonly onChange: (key: string) => void,
    /** The team's settings as this store last applied them (retention caps every ttl). */
    private readonly settings = new StoreSettings(storage.sql),
    /** Runs finished and their cost, by minute, for the team index. */
    private readonly tally = new Tally(storage.sql),
    /** The team's store (tasks are their adders'), not a session (its tasks are its owner's): see permissions.ts. */
    private readonly shared = false,
  ) {}

  /** The session's owner (see permissions.ts): null in the team's store, or before anyone changed it. */
  owner(): string | null {
    return this.shared ? null : getMeta(this.sql, "owner");
  }

  /**
   * Why `actor` may not change this session (null: they may). The first member to change a
   * session that has no owner becomes its owner.
   */
  private sessionRefusal(actor: Actor | undefined): string | null {
    if (this.shared || !actor) return null;
    const owner = this.owner();
    if (owner === null) {
      setMeta(this.sql, "owner", actor.member);
      return null;
    }
    return sessionRefusal(owner, actor);
  }

  /** Makes `actor` the session's owner when it has none; refused when it is another's. */
  claimOwnership(actor: Actor): Refused | null {
    const refusal = this.sessionRefusal(actor);
    return refusal === null ? null : { refused: refusal };
  }

  /** Why `actor` may not `change` the team's task in `row` (null: they may, or this is a session). */
  private sharedRefusal(row: TaskRow, change: SharedChange, actor: Actor | undefined): string | null {
    return this.shared ? sharedRefusal(toResult(row), change, actor) : null;
  }

  /** In the team's store, a member who is no admin takes or cancels only their own tasks in bulk. */
  private ownOnly(actor: Actor | undefined): { sql: string; params: SqlStorageValue[] } {
    if (!this.shared || !actor || actor.admin) return { sql: "", params: [] };
    return { sql: " AND json_extract(added_by, '$.member') = ?", params: [actor.member] };
  }

  private changed(keys: string[]): void {
    for (const key of keys) this.onChange(key);
  }

  private get sql(): SqlStorage {
    return this.storage.sql;
  }

  /**
   * Applies the team's retention (as of settings `version`): caps every result's lifetime, those
   * already finished included; null lifts the cap for new ones.
   */
  setRetention(retentionMs: number | null, version = this.settings.version()): void {
    this.storage.transactionSync(() => {
      this.settings.save(retentionMs, version);
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
    return this.sql.exec<TaskRow>(`${ROW} WHERE key = ? AND ${LIVE}`, key, now).toArray()[0] ?? null;
  }

  private cappedTtl(ttlMs: number): number {
    const retention = this.settings.retentionMs();
    return retention === null ? ttlMs : Math.min(ttlMs, retention);
  }

  /**
   * A new PENDING run, unless the key already holds this very task PENDING or RUNNING (or, with
   * `keepCompleted`, COMPLETED): that task is returned as it is, with `added: false`. A key held
   * by another task is never mistaken for this one: the new run replaces it (a running one's
   * result is then refused, as after a cancel).
   */
  add(request: AddRequest, now: number): AddResult | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(request.actor);
      if (refusal) return { refused: refusal };
      const existing = this.liveRow(request.key, now);
      const kept: TaskStatus[] = [TaskStatus.PENDING, TaskStatus.RUNNING];
      if (request.keepCompleted) kept.push(TaskStatus.COMPLETED);
      if (existing && existing.task === request.task && kept.includes(existing.status)) {
        return { added: false, result: toResult(existing) };
      }
      const replacing = existing && this.sharedRefusal(existing, "replace", request.actor);
      if (replacing) return { refused: replacing };
      return { added: true, result: this.insertPending(request, now) };
    });
  }

  /**
   * Runs a FAILED or CANCELLED task again: the same task, args, priority, ttl, timeout, retries
   * and label under the same key, as a new PENDING run added by `addedBy` (who asked for the
   * retry). Any other state is left alone.
   */
  retry(key: string, now: number, actor?: Actor): RetryOutcome {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { outcome: "forbidden", message: refusal };
      const row = this.liveRow(key, now);
      if (!row) return { outcome: "not_found" };
      if (row.status !== TaskStatus.FAILED && row.status !== TaskStatus.CANCELLED) {
        return { outcome: "not_retryable", result: toResult(row) };
      }
      const origin = actor ? { member: actor.member } : row.added_by === null ? undefined : (JSON.parse(row.added_by) as TaskOrigin);
      const result = this.insertPending(
        {
          key: row.key,
          task: row.task,
          argsJson: row.args,
          ttlMs: row.ttl_ms,
          priority: row.priority,
          timeoutMs: row.timeout_ms,
          maxAttempts: row.max_attempts,
          ...(origin ? { addedBy: origin } : {}),
          ...(row.label !== null ? { label: row.label } : {}),
        },
        now,
      );
      return { outcome: "retried", result };
    });
  }

  /**
   * Removes a finished task (COMPLETED, FAILED or CANCELLED), whatever its status, when
   * `allowed` says the caller may; a PENDING or RUNNING one is left alone (cancel it first).
   */
  deleteFinished(key: string, now: number, actor?: Actor): DeleteOutcome {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { outcome: "forbidden", message: refusal };
      const row = this.liveRow(key, now);
      if (!row) return { outcome: "not_found" };
      const result = toResult(row);
      if (row.status === TaskStatus.PENDING || row.status === TaskStatus.RUNNING) return { outcome: "not_finished", result };
      const shared = this.sharedRefusal(row, "delete", actor);
      if (shared) return { outcome: "forbidden", message: shared };
      this.sql.exec("DELETE FROM tasks WHERE rowid = ?", row.id);
      this.changed([row.key]);
      return { outcome: "deleted", result };
    });
  }

  /** REPLACE gives the row a new rowid, so a re-added key queues behind the others. */
  private insertPending(run: NewRun, now: number): TaskResult {
    const row = this.sql
      .exec<TaskRow>(
        `INSERT OR REPLACE INTO tasks
           (key, task, args, status, priority, ttl_ms, timeout_ms, max_attempts, attempts,
            created_at, ready_at, token, sent, added_by, label, due_at)
         VALUES (?, ?, ?, 'PENDING', ?, ?, ?, ?, 0, ?, ?, ?, 0, ?, ?, ?)
         RETURNING rowid AS id, *`,
        run.key,
        run.task,
        run.argsJson,
        run.priority,
        this.cappedTtl(run.ttlMs),
        run.timeoutMs,
        run.maxAttempts,
        now,
        now,
        crypto.randomUUID(),
        run.addedBy ? JSON.stringify(run.addedBy) : null,
        run.label ?? null,
        now,
      )
      .one();
    this.changed([run.key]);
    return toResult(row);
  }

  /** Stores a value as a COMPLETED result under `key`, replacing whatever was there. */
  put(request: PutRequest, now: number): TaskResult | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(request.actor);
      if (refusal) return { refused: refusal };
      const existing = this.liveRow(request.key, now);
      const replacing = existing && this.sharedRefusal(existing, "replace", request.actor);
      if (replacing) return { refused: replacing };
      return this.insertCompleted(request, now);
    });
  }

  private insertCompleted(request: PutRequest, now: number): TaskResult {
    const ttl = this.cappedTtl(request.ttlMs);
    const row = this.sql
      .exec<TaskRow>(
        `INSERT OR REPLACE INTO tasks
           (key, task, args, status, value, priority, ttl_ms, timeout_ms, max_attempts, attempts,
            created_at, finished_at, ready_at, added_by, due_at)
         VALUES (?1, ?2, '[]', 'COMPLETED', ?3, 0, ?4, 0, 0, 0, ?5, ?5, ?5, ?6, ?7)
         RETURNING rowid AS id, *`,
        request.key,
        PUT_TASK,
        request.valueJson,
        ttl,
        now,
        request.addedBy ? JSON.stringify(request.addedBy) : null,
        now + ttl,
      )
      .one();
    this.changed([request.key]);
    return toResult(row);
  }

  get(key: string, now: number): TaskResult | null {
    const row = this.liveRow(key, now);
    return row ? toResult(row) : null;
  }

  /** The task with its args (longer strings cut), as its detail shows it. */
  detail(key: string, now: number): TaskDetail | null {
    const row = this.liveRow(key, now);
    return row ? { ...toResult(row), ...shownArgs(row.args, LIMITS.detailArgsMaxChars) } : null;
  }

  /**
   * One page of live tasks, oldest first (by rowid), after rowid `after`: at most `limit` tasks
   * and, values and errors counted, about `LIMITS.listPageMaxBytes` (at least one task).
   */
  list(now: number, request: ListRequest & { maxBytes?: number }): TablePage {
    const { sql, params } = filterSql(request);
    const after = request.after === undefined ? 0 : Number(request.after);
    const columns = request.values ? "rowid AS id, *" : `${LIGHT_COLUMNS}, NULL AS value, NULL AS error`;
    const cursor = this.sql.exec<TaskRow>(
      `SELECT ${columns} FROM tasks WHERE rowid > ? AND ${LIVE} ${sql} ORDER BY rowid LIMIT ?`,
      after,
      now,
      ...params,
      request.limit + 1,
    );
    const budget = request.maxBytes ?? LIMITS.listPageMaxBytes;
    const tasks: TaskResult[] = [];
    let bytes = 0;
    let lastId = after;
    for (const row of cursor) {
      bytes += utf8Length(row.value) + utf8Length(row.error);
      if (tasks.length === request.limit || (tasks.length > 0 && bytes > budget)) {
        return { tasks, next: lastId };
      }
      tasks.push(toResult(row));
      lastId = row.id;
    }
    return { tasks, next: null };
  }

  /** Keys, task names and statuses of live tasks, in key order: read from an index, never a value. */
  keys(now: number, filter: TaskFilter, limit: number): TaskEntry[] {
    const { sql, params } = filterSql(filter);
    return this.sql
      .exec<{ key: string; task: string; status: TaskStatus }>(
        `SELECT key, task, status FROM tasks INDEXED BY tasks_by_key_status
          WHERE ${LIVE} ${sql} ORDER BY key LIMIT ?`,
        now,
        ...params,
        limit,
      )
      .toArray()
      .map(({ key, task, status }) => ({ key, task, status }));
  }

  /**
   * The newest `limit` live tasks (what a live page shows first), values over `valueMaxBytes`
   * left out; `more` when older ones exist.
   */
  newest(now: number, limit: number, valueMaxBytes: number): { tasks: (TaskResult & { valueOmitted?: true })[]; more: boolean } {
    const rows = this.sql
      .exec<TaskRow>(
        `SELECT ${LIGHT_COLUMNS}, error, CASE WHEN length(CAST(value AS BLOB)) > ?1 THEN NULL ELSE value END AS value,
                length(CAST(value AS BLOB)) > ?1 AS omitted
           FROM tasks WHERE ${LIVE.replace("?", "?2")} ORDER BY rowid DESC LIMIT ?3`,
        valueMaxBytes,
        now,
        limit + 1,
      )
      .toArray();
    const tasks = rows.slice(0, limit).map((row) => (row.omitted ? { ...toResult(row), valueOmitted: true as const } : toResult(row)));
    return { tasks, more: rows.length > limit };
  }

  pop(key: string, now: number, actor?: Actor): { value: unknown } | null | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { refused: refusal };
      const row = this.sql.exec<TaskRow>(`${ROW} WHERE key = ? AND status = 'COMPLETED' AND due_at > ?`, key, now).toArray()[0];
      if (!row) return null;
      const shared = this.sharedRefusal(row, "pop", actor);
      if (shared) return { refused: shared };
      this.sql.exec("DELETE FROM tasks WHERE rowid = ?", row.id);
      this.changed([row.key]);
      return { value: JSON.parse(row.value!) };
    });
  }

  /** Every COMPLETED value, removed (in the team's store, a member's own only, unless an admin). */
  popAll(now: number, actor?: Actor): Record<string, unknown> | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { refused: refusal };
      const own = this.ownOnly(actor);
      const rows = this.sql
        .exec<{ key: string; value: string }>(
          `DELETE FROM tasks WHERE status = 'COMPLETED' AND due_at > ?${own.sql} RETURNING key, value`,
          now,
          ...own.params,
        )
        .toArray();
      this.changed(rows.map((row) => row.key));
      return Object.fromEntries(rows.map((row) => [row.key, JSON.parse(row.value)]));
    });
  }

  /** Every FAILED task, removed, oldest failure first (in the team's store, as popAll). */
  popErrors(now: number, actor?: Actor): TaskFailure[] | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { refused: refusal };
      const own = this.ownOnly(actor);
      const rows = this.sql
        .exec<{ id: number; key: string; error: string }>(
          `SELECT rowid AS id, key, error FROM tasks WHERE status = 'FAILED' AND due_at > ?${own.sql} ORDER BY finished_at, rowid`,
          now,
          ...own.params,
        )
        .toArray();
      for (const row of rows) this.sql.exec("DELETE FROM tasks WHERE rowid = ?", row.id);
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

  /**
   * PENDING or RUNNING -> CANCELLED: `key`'s task, or every one (in the team's store, a member's
   * own only, unless an admin). A running attempt's late result is then refused by its run id.
   */
  cancel(key: string | undefined, now: number, actor?: Actor): string[] | Refused {
    return this.storage.transactionSync(() => {
      const refusal = this.sessionRefusal(actor);
      if (refusal) return { refused: refusal };
      if (key !== undefined) {
        const row = this.sql.exec<TaskRow>(`${ROW} WHERE key = ? AND status IN ('PENDING', 'RUNNING')`, key).toArray()[0];
        const shared = row && this.sharedRefusal(row, "cancel", actor);
        if (shared) return { refused: shared };
      }
      const filter = key === undefined ? this.ownOnly(actor) : { sql: " AND key = ?", params: [key] };
      const keys = this.sql
        .exec<{ key: string }>(
          `UPDATE tasks
              SET status = 'CANCELLED', finished_at = ?1, due_at = ?1 + ttl_ms, token = NULL, sent = 0, run_id = NULL
            WHERE status IN ('PENDING', 'RUNNING')${filter.sql}
            RETURNING key`,
          now,
          ...filter.params,
        )
        .toArray()
        .map((row) => row.key);
      this.changed(keys);
      return keys;
    });
  }

  /**
   * Claims a task for the queue message carrying `token`, or null when that message is stale
   * (its task was claimed, cancelled, finished or expired: a redelivery or a resend does
   * nothing). The claimed task is the session's best pending one (highest priority, then
   * oldest), which may not be the token's own row: the two rows then swap tokens, so every
   * PENDING row still owns one message on the queue. The run holds a short lease, which its
   * runner renews (`renew`) while it runs.
   */
  claim(token: string, now: number, runId: string): Claim | null {
    return this.storage.transactionSync(() => {
      const own = this.sql.exec<TaskRow>(`${ROW} WHERE token = ? AND status = 'PENDING'`, token).toArray()[0];
      if (!own) return null;
      const best = this.sql
        .exec<TaskRow>(
          `${ROW} WHERE status = 'PENDING' AND (ready_at <= ? OR rowid = ?) ORDER BY priority DESC, rowid LIMIT 1`,
          now,
          own.id,
        )
        .one();
      // The claimed row gives up its token first: the unique index never sees it twice.
      this.sql.exec(
        `UPDATE tasks
            SET status = 'RUNNING', started_at = ?, attempts = attempts + 1, run_id = ?,
                token = NULL, sent = 0, due_at = ?
          WHERE rowid = ?`,
        now,
        runId,
        leaseEnd(now, now, best.timeout_ms),
        best.id,
      );
      this.changed([best.key]);
      if (best.id !== own.id) {
        this.sql.exec("UPDATE tasks SET token = ?, sent = ?, due_at = ? WHERE rowid = ?", best.token, best.sent, best.due_at, own.id);
      }
      return {
        key: best.key,
        task: best.task,
        argsJson: best.args,
        attempt: best.attempts + 1,
        maxAttempts: best.max_attempts,
        runId,
        timeoutMs: best.timeout_ms,
        ...(best.added_by !== null ? { addedBy: JSON.parse(best.added_by) as TaskOrigin } : {}),
      };
    });
  }

  /** The runner of `runId` is alive: its lease runs on. False when that run no longer owns its task. */
  renew(runId: string, now: number): boolean {
    const renewed = this.sql
      .exec(
        `UPDATE tasks SET due_at = min(? + ?, started_at + timeout_ms + ?)
          WHERE run_id = ? AND status = 'RUNNING' RETURNING rowid`,
        now,
        LEASE.leaseMs,
        LEASE.leaseMs,
        runId,
      )
      .toArray();
    return renewed.length > 0;
  }

  private runningRow(runId: string): TaskRow | undefined {
    return this.sql.exec<TaskRow>(`${ROW} WHERE run_id = ? AND status = 'RUNNING'`, runId).toArray()[0];
  }

  /** Records the value of run `runId`; false (nothing stored) when that run no longer owns its task. */
  complete(runId: string, valueJson: string, usage: TaskUsage | undefined, now: number): boolean {
    return this.storage.transactionSync(() => {
      const row = this.runningRow(runId);
      if (!row) return false;
      this.sql.exec(
        `UPDATE tasks
            SET status = 'COMPLETED', value = ?, error = NULL, usage = ?, finished_at = ?3, due_at = ?3 + ttl_ms,
                run_id = NULL
          WHERE rowid = ?`,
        valueJson,
        mergedUsage(row, usage),
        now,
        row.id,
      );
      this.tally.add(now, { completed: 1, costUsd: usage?.costUsd });
      this.changed([row.key]);
      return true;
    });
  }

  /**
   * Records a failed run: back to PENDING (with backoff) while attempts remain and a retry can
   * help, else FAILED. False when that run no longer owns its task.
   */
  fail(runId: string, failure: RunFailure, now: number): boolean {
    return this.storage.transactionSync(() => {
      const row = this.runningRow(runId);
      if (!row) return false;
      this.failRun(row, failure, now);
      return true;
    });
  }

  private failRun(row: TaskRow, { error, retryable, usage }: RunFailure, now: number): void {
    this.sql.exec("UPDATE tasks SET usage = ? WHERE rowid = ?", mergedUsage(row, usage), row.id);
    this.tally.add(now, { costUsd: usage?.costUsd });
    if (retryable && row.attempts < row.max_attempts) {
      this.sql.exec(
        `UPDATE tasks
            SET status = 'PENDING', error = ?, run_id = NULL, ready_at = ?, token = ?, sent = 0, due_at = ?
          WHERE rowid = ?`,
        JSON.stringify(capTaskError(error)),
        now + retryDelayMs(row.attempts),
        crypto.randomUUID(),
        now,
        row.id,
      );
      this.changed([row.key]);
    } else {
      this.finishFailed(row, error, now);
    }
  }

  /** The queue gave up delivering `token`: its task can never be claimed, so it fails. */
  deadLetter(token: string, now: number): boolean {
    const row = this.sql.exec<TaskRow>(`${ROW} WHERE token = ? AND status = 'PENDING'`, token).toArray()[0];
    if (!row) return false;
    this.finishFailed(
      row,
      {
        name: "DeliveryFailed",
        message: "The task's queue message went to the dead-letter queue: its deliveries kept failing",
      },
      now,
    );
    return true;
  }

  private finishFailed(row: TaskRow, error: TaskError, now: number): void {
    this.sql.exec(
      `UPDATE tasks
          SET status = 'FAILED', error = ?, finished_at = ?2, due_at = ?2 + ttl_ms, token = NULL, sent = 0, run_id = NULL
        WHERE rowid = ?`,
      JSON.stringify(capTaskError(error)),
      now,
      row.id,
    );
    this.tally.add(now, { failed: 1 });
    this.changed([row.key]);
  }

  /**
   * The alarm's work, safe to run any number of times: deletes expired results, retries or
   * fails runs whose lease ran out (their runner stopped renewing it), sends again the message
   * of a task nobody claimed, and fails a task nobody claimed for an hour.
   */
  expire(now: number): void {
    this.storage.transactionSync(() => {
      const expired = this.sql.exec<{ key: string }>(`DELETE FROM tasks WHERE ${FINISHED} AND due_at <= ? RETURNING key`, now).toArray();
      this.changed(expired.map((row) => row.key));
      const lapsed = this.sql.exec<TaskRow>(`${ROW} WHERE status = 'RUNNING' AND due_at <= ?`, now).toArray();
      for (const row of lapsed) {
        const error = {
          name: "LeaseExpired",
          message: `Attempt ${row.attempts} stopped without recording a result: its runner stopped renewing its lease (it died, or was evicted or restarted)`,
        };
        this.failRun(row, { error, retryable: true }, now);
      }
      const unclaimed = this.sql.exec<TaskRow>(`${ROW} WHERE status = 'PENDING' AND sent = 1 AND due_at <= ?`, now).toArray();
      for (const row of unclaimed) {
        if (now - row.ready_at >= LIMITS.pendingMaxSeconds * 1000) {
          this.finishFailed(
            row,
            { name: "NotStarted", message: `No queue consumer claimed the task within ${LIMITS.pendingMaxSeconds} s` },
            now,
          );
        } else {
          // Its message was lost, or is late: send the same token again (a claim is idempotent).
          this.sql.exec("UPDATE tasks SET sent = 0, due_at = ? WHERE rowid = ?", now, row.id);
        }
      }
    });
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

/** The SQL (and its parameters) of a filter on key prefix and status, to follow a WHERE. */
function filterSql({ prefix, status }: TaskFilter): { sql: string; params: SqlStorageValue[] } {
  let sql = "";
  const params: SqlStorageValue[] = [];
  if (status !== undefined) {
    sql += " AND status = ?";
    params.push(status);
  }
  if (prefix) {
    // A range on the key, which its index serves: every key that starts with the prefix, and no other.
    const upper = prefixUpperBound(prefix);
    sql += upper === null ? " AND key >= ?" : " AND key >= ? AND key < ?";
    params.push(prefix, ...(upper === null ? [] : [upper]));
  }
  return { sql, params };
}

/**
 * The least string greater than every string that starts with `prefix` (SQLite compares TEXT
 * as UTF-8 bytes, which orders as code points do): the last code point incremented, or null
 * when there is none (every code point is the highest).
 */
function prefixUpperBound(prefix: string): string | null {
  const points = [...prefix].map((char) => char.codePointAt(0)!);
  while (points.length > 0) {
    const last = points.pop()!;
    if (last < 0x10ffff) {
      const next = last + 1 === 0xd800 ? 0xe000 : last + 1;
      return String.fromCodePoint(...points, next);
    }
  }
  return null;
}

function utf8Length(text: string | null): number {
  if (text === null) return 0;
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code < 0xdc00 && i + 1 < text.length) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
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
    ...(row.label !== null ? { label: row.label } : {}),
  };
}
