import type { TaskBackend, WaitUntil } from "./backend";
import {
  check,
  prioritySchema,
  sessionIdSchema,
  taskKeySchema,
  toJsonWithin,
  ttlSecondsSchema,
  waitSecondsSchema,
} from "./input";
import { DEFAULTS, LIMITS } from "./limits";
import { type AddResult, isFinished, type TaskError, type TaskOrigin, type TaskResult, TaskStatus } from "./result";
import { TEAM_SCOPE } from "./scope";
import type { Task } from "./task";

export interface AddOptions {
  /** Default: the task's name. Give one to run the same task several times at once. */
  key?: string;
  /** Seconds the result lives once finished. Default: the task's ttl. */
  ttl?: number;
  /** Default: the task's priority. */
  priority?: number;
}

export interface WaitOptions {
  /** Seconds to wait at most. Default 30. */
  timeout?: number;
}

/** A key, or a task whose name is the key (as fasthooks' `tasks.pop(analyze_code)`). */
export type KeyOrTask<T = unknown> = string | Task<any[], T>;

/** `add`'s arguments after the task: the task's own args, then options. No args for a no-arg task. */
export type AddArgs<A extends unknown[]> = [] extends A
  ? [args?: A, options?: AddOptions]
  : [args: A, options?: AddOptions];

/**
 * The handle a hook handler gets for its session's background tasks. Every call is a quick
 * look-up or write in the session's store: none waits for the work, except `wait*`.
 */
export class Tasks {
  readonly sessionId: string;
  /** Recorded on every task this handle adds. */
  readonly origin: TaskOrigin | undefined;

  constructor(
    private readonly backend: TaskBackend,
    options: { sessionId: string; origin?: TaskOrigin },
  ) {
    this.sessionId =
      options.sessionId === TEAM_SCOPE ? TEAM_SCOPE : check(sessionIdSchema, options.sessionId, "invalid_session");
    this.origin = options.origin;
  }

  /**
   * Queues a run of `task` with `args` and returns at once. A key already PENDING or RUNNING
   * is left alone (`added: false`, its current state returned); a finished key runs afresh.
   */
  async add<A extends unknown[], T>(task: Task<A, T>, ...[args, options = {}]: AddArgs<A>): Promise<AddResult<T>> {
    return this.addRun(task, args, options, false);
  }

  /**
   * As `add`, but a COMPLETED result under the key is returned instead of running again:
   * compute once, reuse everywhere. On the team scope, key it by what the result depends on
   * (e.g. a hash of the file's content) and every teammate shares one run.
   */
  async getOrAdd<A extends unknown[], T>(
    task: Task<A, T>,
    ...[args, options = {}]: AddArgs<A>
  ): Promise<AddResult<T>> {
    return this.addRun(task, args, options, true);
  }

  private addRun(task: Task, args: unknown[] | undefined, options: AddOptions, keepCompleted: boolean): Promise<AddResult<any>> {
    this.backend.registry.requireSame(task);
    const ttl = check(ttlSecondsSchema, options.ttl ?? task.ttl, "invalid_ttl");
    const key = check(taskKeySchema, options.key ?? task.name, "invalid_key");
    const argsJson = toJsonWithin(args ?? [], LIMITS.argsMaxBytes, "args");
    // Checked as the run will get them: after the JSON round trip (undefined -> null, Date -> string).
    task.checkArgs(JSON.parse(argsJson));
    return this.backend.add(this.sessionId, {
      key,
      task: task.name,
      argsJson,
      ttlMs: ttl * 1000,
      priority: check(prioritySchema, options.priority ?? task.priority, "invalid_priority"),
      timeoutMs: task.timeout * 1000,
      maxAttempts: task.retries + 1,
      ...(this.origin ? { addedBy: this.origin } : {}),
      ...(keepCompleted ? { keepCompleted } : {}),
    });
  }

  /**
   * Stores a value under `key` as a COMPLETED result, at once, with no run: for what a handler
   * already knows and a later hook needs (which review to show, say). Replaces the key's task.
   */
  async put<T>(key: string, value: T, options: { ttl?: number } = {}): Promise<TaskResult<T>> {
    const ttl = check(ttlSecondsSchema, options.ttl ?? DEFAULTS.ttlSeconds, "invalid_ttl");
    return (await this.backend.put(this.sessionId, {
      key: check(taskKeySchema, key, "invalid_key"),
      valueJson: toJsonWithin(value ?? null, LIMITS.valueMaxBytes, "value"),
      ttlMs: ttl * 1000,
      ...(this.origin ? { addedBy: this.origin } : {}),
    })) as TaskResult<T>;
  }

  /** The task's state without removing it, or null (no such key, or expired). */
  async get<T>(keyOrTask: KeyOrTask<T>): Promise<TaskResult<T> | null> {
    return (await this.backend.get(this.sessionId, keyOf(keyOrTask))) as TaskResult<T> | null;
  }

  /** Every live task of the session, oldest first. */
  async list(): Promise<TaskResult[]> {
    return this.backend.list(this.sessionId);
  }

  /** The value of a COMPLETED task, removed from the store; null when none is ready. */
  async pop<T>(keyOrTask: KeyOrTask<T>): Promise<T | null> {
    return (await this.popEntry(keyOrTask))?.value ?? null;
  }

  /** As `pop`, but tells a task that returned null from one not ready: `{ value }` or null. */
  async popEntry<T>(keyOrTask: KeyOrTask<T>): Promise<{ value: T } | null> {
    return (await this.backend.pop(this.sessionId, keyOf(keyOrTask))) as { value: T } | null;
  }

  /** Every COMPLETED value, by key, removed. */
  async popAll(): Promise<Record<string, unknown>> {
    return this.backend.popAll(this.sessionId);
  }

  /** Every FAILED task as [key, error], removed. */
  async popErrors(): Promise<[string, TaskError][]> {
    return this.backend.popErrors(this.sessionId);
  }

  /** Whether a COMPLETED result is ready: for this key, or for any key. */
  async has(keyOrTask?: KeyOrTask): Promise<boolean> {
    return this.backend.has(this.sessionId, keyOrTask === undefined ? undefined : keyOf(keyOrTask));
  }

  /** Cancels a PENDING or RUNNING task: it will not run, or its result will not be stored. */
  async cancel(keyOrTask: KeyOrTask): Promise<boolean> {
    return (await this.backend.cancel(this.sessionId, keyOf(keyOrTask))) as boolean;
  }

  /** Cancels every PENDING or RUNNING task of the session; returns how many. */
  async cancelAll(): Promise<number> {
    return this.backend.cancelAll(this.sessionId);
  }

  /** The task's state once it has finished, or null at the timeout (or when there is no such task). */
  async wait<T>(keyOrTask: KeyOrTask<T>, options: WaitOptions = {}): Promise<TaskResult<T> | null> {
    const [state] = await this.waitFor([keyOf(keyOrTask)], "all", options);
    return state && isFinished(state.status) ? (state as TaskResult<T>) : null;
  }

  /** Waits until every task has finished, or the timeout; returns the COMPLETED values by key. */
  async waitAll(keys: KeyOrTask[], options: WaitOptions = {}): Promise<Record<string, unknown>> {
    const states = await this.waitFor(keys.map(keyOf), "all", options);
    return Object.fromEntries(
      states.flatMap((state) => (state?.status === TaskStatus.COMPLETED ? [[state.key, state.value]] : [])),
    );
  }

  /** The first of `keys` to complete, as [key, value]; null at the timeout or when none can. */
  async waitAny(keys: KeyOrTask[], options: WaitOptions = {}): Promise<[string, unknown] | null> {
    const states = await this.waitFor(keys.map(keyOf), "any", options);
    const done = states.find((state) => state?.status === TaskStatus.COMPLETED);
    return done ? [done.key, done.value] : null;
  }

  private waitFor(keys: string[], until: WaitUntil, options: WaitOptions): Promise<(TaskResult | null)[]> {
    const seconds = check(waitSecondsSchema, options.timeout ?? DEFAULTS.waitSeconds, "invalid_timeout");
    return this.backend.wait(this.sessionId, keys, until, seconds * 1000);
  }
}

function keyOf(keyOrTask: KeyOrTask): string {
  return check(taskKeySchema, typeof keyOrTask === "string" ? keyOrTask : keyOrTask.name, "invalid_key");
}
