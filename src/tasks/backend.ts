import type { Actor, Refused } from "./permissions";
import { type AddResult, isFinished, type TaskEntry, type TaskError, type TaskOrigin, type TaskResult, type TaskStatus } from "./result";

/** The task name of a result stored with `Tasks.put` rather than computed by a run. */
export const PUT_TASK = "(put)";

/** A new run as a backend stores it: validated, with the task's options resolved. */
export interface AddRequest {
  key: string;
  task: string;
  argsJson: string;
  ttlMs: number;
  priority: number;
  timeoutMs: number;
  maxAttempts: number;
  addedBy?: TaskOrigin;
  /** What the task is about, cleaned (see cleanLabel). */
  label?: string;
  /** A COMPLETED key is kept too (getOrAdd): only a missing, failed or cancelled one runs. */
  keepCompleted?: boolean;
  /** Who asks, for the rules of permissions.ts (absent: the framework itself). */
  actor?: Actor;
}

/** A value stored as a COMPLETED result, no run involved. */
export interface PutRequest {
  key: string;
  valueJson: string;
  ttlMs: number;
  addedBy?: TaskOrigin;
  actor?: Actor;
}

/** A FAILED task as `popErrors` takes it out. */
export interface TaskFailure {
  key: string;
  error: TaskError;
}

/** Which tasks a list or a scan returns: keys starting with `prefix`, of one status. */
export interface TaskFilter {
  prefix?: string;
  status?: TaskStatus;
}

/** One page of a list, validated: `after` is the `next` of the page before. */
export interface ListRequest extends TaskFilter {
  after?: string;
  limit: number;
  /** false: leave values and errors out (they may be megabytes each). */
  values: boolean;
}

export interface TaskPage {
  tasks: TaskResult[];
  /** The `after` of the next page, or null on the last. */
  next: string | null;
}

/**
 * "all": every key has finished (or does not exist). "any": one key has COMPLETED, or none
 * can any more.
 */
export type WaitUntil = "all" | "any";

/** What a backend tells of the tasks it can run (a TaskRegistry, see registry.ts). */
interface RegisteredTasks {
  /** Throws unless this very definition is the one registered under its name. */
  requireSame(task: { readonly name: string }): void;
}

/**
 * One scope's tasks (a session's, or the team's), as a `Tasks` handle calls them. The session
 * store Durable Object is one: these are its RPC methods, and inside it a hook's handlers call
 * them directly. ImmediateBackend's stores are another (tests). A change the rules refuse
 * (permissions.ts) answers `Refused`; `actor` says who asks (absent: the framework itself).
 */
export interface TaskStore {
  add(request: AddRequest): Promise<AddResult | Refused>;
  put(request: PutRequest): Promise<TaskResult | Refused>;
  get(key: string): Promise<TaskResult | null>;
  /** One page of the scope's live tasks, oldest first. */
  list(request: ListRequest): Promise<TaskPage>;
  /** Keys, task names and statuses only (no values), in key order, at most `limit`. */
  keys(filter: TaskFilter, limit: number): Promise<TaskEntry[]>;
  /** `{ value }` of a COMPLETED task, removed; null when none is ready. */
  pop(key: string, actor?: Actor): Promise<{ value: unknown } | null | Refused>;
  popAll(actor?: Actor): Promise<Record<string, unknown> | Refused>;
  /** Every FAILED task, removed, oldest failure first. */
  popErrors(actor?: Actor): Promise<TaskFailure[] | Refused>;
  has(key?: string): Promise<boolean>;
  cancel(key: string, actor?: Actor): Promise<boolean | Refused>;
  cancelAll(actor?: Actor): Promise<number | Refused>;
  /** The keys' states once `until` holds or `timeoutMs` has passed (null: no such task). */
  wait(keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]>;
}

/**
 * Where a `Tasks` handle keeps its tasks: one team's stores, one per scope (the Durable Objects
 * in the Worker, memory in tests), and the tasks they may run.
 */
export interface TaskBackend {
  /** Tasks may only be added if they are registered here: the runner finds them by name. */
  readonly registry: RegisteredTasks;
  store(scope: string): TaskStore;
}

/** Whether the states a wait() has read satisfy it (null: no such task). */
export function waitIsOver(states: (TaskResult | null)[], until: WaitUntil): boolean {
  const settled = (state: TaskResult | null) => state === null || isFinished(state.status);
  if (until === "any" && states.some((state) => state?.status === "COMPLETED")) return true;
  return states.every(settled);
}
