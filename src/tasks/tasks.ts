/**
 * The handle a hook handler (and a task run) gets for its background tasks, `Tasks`, with the
 * two types it recurses with: a `Task` it adds, and the `TaskContext` a task runs with (which
 * holds `Tasks` handles). Each scope's store is a `TaskStore` (backend.ts).
 */
import { type TaskBackend, type TaskPage, type TaskStore, waitIsOver, type WaitUntil } from "./backend";
import {
  check,
  cleanLabel,
  prioritySchema,
  sessionIdSchema,
  TaskInputError,
  taskKeySchema,
  toJsonWithin,
  ttlSecondsSchema,
  waitSecondsSchema,
} from "./input";
import { DEFAULTS, LIMITS, WAIT } from "./limits";
import { type Actor, isRefused, type Refused } from "./permissions";
import {
  type AddResult,
  isFinished,
  type TaskEntry,
  type TaskError,
  type TaskOrigin,
  type TaskResult,
  TaskStatus,
  type TaskUsage,
} from "./result";

/**
 * The team-wide scope: a store beside the sessions, shared by every member of a team. Its id
 * cannot be a session id (those are [A-Za-z0-9_-]), so the two never meet.
 */
export const TEAM_SCOPE = "~team";

/**
 * What a running task can know about its run, as `this` in a `function` task (arrow
 * functions simply do without).
 */
export interface TaskContext {
  readonly key: string;
  /** 1 for the first run, 2 for the first retry... */
  readonly attempt: number;
  /** Aborted when the run reaches its timeout: pass it to fetch and API calls. */
  readonly signal: AbortSignal;
  /** When the run times out, in ms since the epoch. */
  readonly deadline: number;
  /** The Worker's bindings (absent under a test backend that was given none). */
  readonly env: Env | undefined;
  /**
   * The team the task runs for, as the Worker knows it (never from the args, which a caller
   * chooses): what a task needs to reach the team's other objects (its memory). Absent under a
   * test backend that was given none.
   */
  readonly teamName?: string;
  /** The session's tasks: read other results, or add follow-up work. */
  readonly tasks: Tasks;
  /** The team-wide scope's tasks. */
  readonly team: Tasks;
  /** Adds API usage (tokens, cost) to what the task's result records. */
  recordUsage(usage: TaskUsage): void;
}

/** A background task: a function with a stable name and the options it runs with. */
export interface Task<A extends unknown[] = any[], T = unknown> {
  readonly name: string;
  readonly ttl: number;
  readonly priority: number;
  readonly timeout: number;
  readonly retries: number;
  /** The args as the task's schema reads them, or a TaskInputError (`invalid_args`) saying why not. */
  checkArgs(args: unknown): A;
  /** The function and transform, run once, here (what the queue consumer calls). */
  run(context: TaskContext, ...args: A): Promise<T>;
}

export interface AddOptions {
  /** Default: the task's name. Give one to run the same task several times at once. */
  key?: string;
  /** Seconds the result lives once finished. Default: the task's ttl. */
  ttl?: number;
  /** Default: the task's priority. */
  priority?: number;
  /**
   * What the task is about, in a few words ("Python, 40 lines: def area(r):"), shown on the
   * team page beside its key. Teammates read it: control characters are stripped and it is cut
   * to 120 characters (see cleanLabel).
   */
  label?: string;
}

export interface WaitOptions {
  /**
   * Seconds to wait at most. Default 30. Capped at what the caller can use: the run's deadline
   * inside a task, the hook's budget in a hook handler (13 s: Claude Code gives our hooks 15 s),
   * 60 s elsewhere over HTTP (Cloudflare cuts an answer silent for 100 s).
   */
  timeout?: number;
}

/** Which tasks `keys` and `list` return. */
export interface ScanOptions {
  /** Only keys that start with this. */
  prefix?: string;
  /** Only tasks in this status. */
  status?: TaskStatus;
  /** At most this many (keys: default and most 1,000; list: default 100, most 1,000). */
  limit?: number;
}

export interface ListOptions extends ScanOptions {
  /** The `next` of the page before. */
  after?: string;
  /** false: tasks without their values and errors. Default true. */
  values?: boolean;
}

/** A key, or a task whose name is the key (as fasthooks' `tasks.pop(analyze_code)`). */
export type KeyOrTask<T = unknown> = string | Task<any[], T>;

/** `add`'s arguments after the task: the task's own args, then options. No args for a no-arg task. */
export type AddArgs<A extends unknown[]> = [] extends A ? [args?: A, options?: AddOptions] : [args: A, options?: AddOptions];

/**
 * The handle a hook handler gets for its session's background tasks. Every call is a quick
 * look-up or write in the session's store: none waits for the work, except `wait*`.
 */
export class Tasks {
  readonly sessionId: string;
  /** Recorded on every task this handle adds. */
  readonly origin: TaskOrigin | undefined;
  /** When the caller stops listening (ms since the epoch): a task run's deadline. Waits end there. */
  readonly deadline: number | undefined;
  /**
   * Who changes tasks through this handle, for the rules of permissions.ts: the origin's member
   * unless told (an admin, say). A change they may not make throws `forbidden`.
   */
  readonly actor: Actor | undefined;
  readonly #store: TaskStore;

  constructor(
    private readonly backend: TaskBackend,
    options: { sessionId: string; origin?: TaskOrigin; deadline?: number; actor?: Actor },
  ) {
    this.sessionId = options.sessionId === TEAM_SCOPE ? TEAM_SCOPE : check(sessionIdSchema, options.sessionId, "invalid_session");
    this.origin = options.origin;
    this.deadline = options.deadline;
    this.actor = options.actor ?? (options.origin ? { member: options.origin.member, admin: false } : undefined);
    this.#store = backend.store(this.sessionId);
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
  async getOrAdd<A extends unknown[], T>(task: Task<A, T>, ...[args, options = {}]: AddArgs<A>): Promise<AddResult<T>> {
    return this.addRun(task, args, options, true);
  }

  private addRun(task: Task, args: unknown[] | undefined, options: AddOptions, keepCompleted: boolean): Promise<AddResult<any>> {
    this.backend.registry.requireSame(task);
    const ttl = check(ttlSecondsSchema, options.ttl ?? task.ttl, "invalid_ttl");
    const key = check(taskKeySchema, options.key ?? task.name, "invalid_key");
    const argsJson = toJsonWithin(args ?? [], LIMITS.argsMaxBytes, "args");
    // Checked as the run will get them: after the JSON round trip (undefined -> null, Date -> string).
    task.checkArgs(JSON.parse(argsJson));
    return allowed(
      this.#store.add({
        key,
        task: task.name,
        argsJson,
        ttlMs: ttl * 1000,
        priority: check(prioritySchema, options.priority ?? task.priority, "invalid_priority"),
        timeoutMs: task.timeout * 1000,
        maxAttempts: task.retries + 1,
        ...(this.origin ? { addedBy: this.origin } : {}),
        ...labelOf(options),
        ...(keepCompleted ? { keepCompleted } : {}),
        ...this.#asActor(),
      }),
    );
  }

  #asActor(): { actor?: Actor } {
    return this.actor ? { actor: this.actor } : {};
  }

  /**
   * Stores a value under `key` as a COMPLETED result, at once, with no run: for what a handler
   * already knows and a later hook needs (which review to show, say). Replaces the key's task.
   */
  async put<T>(key: string, value: T, options: { ttl?: number } = {}): Promise<TaskResult<T>> {
    const ttl = check(ttlSecondsSchema, options.ttl ?? DEFAULTS.ttlSeconds, "invalid_ttl");
    return (await allowed(
      this.#store.put({
        key: check(taskKeySchema, key, "invalid_key"),
        valueJson: toJsonWithin(value ?? null, LIMITS.valueMaxBytes, "value"),
        ttlMs: ttl * 1000,
        ...(this.origin ? { addedBy: this.origin } : {}),
        ...this.#asActor(),
      }),
    )) as TaskResult<T>;
  }

  /** The task's state without removing it, or null (no such key, or expired). */
  async get<T>(keyOrTask: KeyOrTask<T>): Promise<TaskResult<T> | null> {
    return (await this.#store.get(keyOf(keyOrTask))) as TaskResult<T> | null;
  }

  /**
   * One page of the session's live tasks, oldest first: at most `limit` (default 100) and about
   * 4 MiB of values; `next` continues (`list({ after: next })`), null on the last page.
   */
  async list(options: ListOptions = {}): Promise<TaskPage> {
    if (options.after !== undefined && !/^[1-9][0-9]{0,15}$/.test(options.after)) {
      throw new TaskInputError("invalid_cursor", "after must be the `next` of a page before");
    }
    return this.#store.list({
      ...filterOf(options),
      ...(options.after !== undefined ? { after: options.after } : {}),
      limit: pageLimit(options.limit, LIMITS.listPageDefault, LIMITS.listPageMax),
      values: options.values ?? true,
    });
  }

  /**
   * Keys, task names and statuses only, in key order: what a hook scans to find its work
   * without reading any value (`keys({ prefix: "pending_review:", status: "COMPLETED" })`).
   */
  async keys(options: ScanOptions = {}): Promise<TaskEntry[]> {
    return this.#store.keys(filterOf(options), pageLimit(options.limit, LIMITS.scanMax, LIMITS.scanMax));
  }

  /** The value of a COMPLETED task, removed from the store; null when none is ready. */
  async pop<T>(keyOrTask: KeyOrTask<T>): Promise<T | null> {
    return (await this.popEntry(keyOrTask))?.value ?? null;
  }

  /** As `pop`, but tells a task that returned null from one not ready: `{ value }` or null. */
  async popEntry<T>(keyOrTask: KeyOrTask<T>): Promise<{ value: T } | null> {
    return (await allowed(this.#store.pop(keyOf(keyOrTask), this.actor))) as { value: T } | null;
  }

  /** Every COMPLETED value, by key, removed. */
  async popAll(): Promise<Record<string, unknown>> {
    return allowed(this.#store.popAll(this.actor));
  }

  /** Every FAILED task as [key, error], removed. */
  async popErrors(): Promise<[string, TaskError][]> {
    return (await allowed(this.#store.popErrors(this.actor))).map(({ key, error }) => [key, error]);
  }

  /** Whether a COMPLETED result is ready: for this key, or for any key. */
  async has(keyOrTask?: KeyOrTask): Promise<boolean> {
    return this.#store.has(keyOrTask === undefined ? undefined : keyOf(keyOrTask));
  }

  /** Cancels a PENDING or RUNNING task: it will not run, or its result will not be stored. */
  async cancel(keyOrTask: KeyOrTask): Promise<boolean> {
    return allowed(this.#store.cancel(keyOf(keyOrTask), this.actor));
  }

  /** Cancels every PENDING or RUNNING task of the session; returns how many. */
  async cancelAll(): Promise<number> {
    return allowed(this.#store.cancelAll(this.actor));
  }

  /** The task's state once it has finished, or null at the timeout (or when there is no such task). */
  async wait<T>(keyOrTask: KeyOrTask<T>, options: WaitOptions = {}): Promise<TaskResult<T> | null> {
    const [state] = await this.waitFor([keyOf(keyOrTask)], "all", options);
    return state && isFinished(state.status) ? (state as TaskResult<T>) : null;
  }

  /** Waits until every task has finished, or the timeout; returns the COMPLETED values by key. */
  async waitAll(keys: KeyOrTask[], options: WaitOptions = {}): Promise<Record<string, unknown>> {
    const states = await this.waitFor(keys.map(keyOf), "all", options);
    return Object.fromEntries(states.flatMap((state) => (state?.status === TaskStatus.COMPLETED ? [[state.key, state.value]] : [])));
  }

  /** The first of `keys` to complete, as [key, value]; null at the timeout or when none can. */
  async waitAny(keys: KeyOrTask[], options: WaitOptions = {}): Promise<[string, unknown] | null> {
    const states = await this.waitFor(keys.map(keyOf), "any", options);
    const done = states.find((state) => state?.status === TaskStatus.COMPLETED);
    return done ? [done.key, done.value] : null;
  }

  /** Waits in slices of at most a minute each (one RPC each), until the timeout or the caller's deadline. */
  private async waitFor(keys: string[], until: WaitUntil, options: WaitOptions): Promise<(TaskResult | null)[]> {
    const seconds = check(waitSecondsSchema, options.timeout ?? DEFAULTS.waitSeconds, "invalid_timeout");
    const start = Date.now();
    const end = Math.min(start + seconds * 1000, this.deadline ?? start + WAIT.httpCallerMaxMs);
    for (;;) {
      const left = Math.max(0, end - Date.now());
      const states = await this.#store.wait(keys, until, Math.min(left, WAIT.sliceMs));
      if (left <= WAIT.sliceMs || waitIsOver(states, until)) return states;
    }
  }
}

/** What the store answered, or `forbidden` thrown when the rules refused the change (permissions.ts). */
async function allowed<T>(answer: Promise<T | Refused>): Promise<T> {
  const value = await answer;
  if (isRefused(value)) throw new TaskInputError("forbidden", value.refused);
  return value;
}

/** The add's label, cleaned, or nothing when none is left. */
function labelOf({ label }: AddOptions): { label?: string } {
  const cleaned = cleanLabel(label);
  return cleaned === undefined ? {} : { label: cleaned };
}

function filterOf({ prefix, status }: ScanOptions): { prefix?: string; status?: TaskStatus } {
  if (status !== undefined && !Object.values(TaskStatus).includes(status)) {
    throw new TaskInputError("invalid_status", `status must be one of ${Object.values(TaskStatus).join(", ")}`);
  }
  if (prefix !== undefined && (typeof prefix !== "string" || prefix.length > LIMITS.keyMaxLength)) {
    throw new TaskInputError("invalid_prefix", `prefix must be a string of at most ${LIMITS.keyMaxLength} characters`);
  }
  return { ...(prefix ? { prefix } : {}), ...(status !== undefined ? { status } : {}) };
}

function pageLimit(limit: number | undefined, fallback: number, max: number): number {
  if (limit === undefined) return fallback;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new TaskInputError("invalid_limit", `limit must be a whole number from 1 to ${max}`);
  }
  return limit;
}

function keyOf(keyOrTask: KeyOrTask): string {
  return check(taskKeySchema, typeof keyOrTask === "string" ? keyOrTask : keyOrTask.name, "invalid_key");
}

/**
 * The session's and the team's `Tasks` on one backend, adding in the name of `origin`: what a
 * hook handler gets (its waits end within the hook's timeout) and a task run (its waits end at
 * its own timeout): both pass that `deadline`.
 */
export function scopedTasks(
  backend: TaskBackend,
  sessionId: string,
  origin: TaskOrigin | undefined,
  deadline?: number,
  actor?: Actor,
): { tasks: Tasks; team: Tasks } {
  const options = { origin, ...(deadline === undefined ? {} : { deadline }), ...(actor ? { actor } : {}) };
  return {
    tasks: new Tasks(backend, { sessionId, ...options }),
    team: new Tasks(backend, { sessionId: TEAM_SCOPE, ...options }),
  };
}
