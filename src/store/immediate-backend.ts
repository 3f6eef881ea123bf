import type {
  AddRequest,
  ListRequest,
  PutRequest,
  TaskBackend,
  TaskFailure,
  TaskFilter,
  TaskPage,
  TaskStore,
  WaitUntil,
} from "../tasks/backend";
import { defaultRegistry, type TaskRegistry } from "../tasks/registry";
import { type AddResult, isFinished, type TaskEntry, type TaskResult } from "../tasks/result";
import { runTask } from "../tasks/run";
import type { Actor, Refused } from "../tasks/permissions";
import { scopedTasks, TEAM_SCOPE } from "../tasks/tasks";
import { memoryStorage } from "./memory-storage";
import { Outbox } from "./outbox";
import { migrate, SESSION_STORE_SCHEMA } from "./schema";
import { TaskTable } from "./task-table";

/**
 * Runs each task at once, in-process, inside `add` (fasthooks' `ImmediateBackend`), for unit
 * tests of hook handlers without a Worker: `new Tasks(new ImmediateBackend(), { sessionId:
 * "test" })`. Each scope's tasks are a session store's table (TaskTable) in memory, so they
 * follow the store's rules exactly: keys, getOrAdd, ttl, retries, pop, cancel. Runs in Node
 * (22.13 or later: node:sqlite).
 */
export class ImmediateBackend implements TaskBackend {
  readonly registry: TaskRegistry;
  readonly #stores = new Map<string, ImmediateStore>();

  constructor(
    private readonly options: {
      registry?: TaskRegistry;
      /** Bindings handed to tasks as `this.env`. */
      env?: Env;
      /** The team handed to tasks as `this.teamName`. */
      team?: string;
      /** The clock results expire by; tests of ttl may pass their own. */
      now?: () => number;
    } = {},
  ) {
    this.registry = options.registry ?? defaultRegistry;
  }

  store(scope: string): TaskStore {
    let store = this.#stores.get(scope);
    if (!store) this.#stores.set(scope, (store = new ImmediateStore(this, scope, this.options, this.options.now ?? Date.now)));
    return store;
  }
}

/** One scope's tasks, run at once. Every task has finished when `add` returns. */
class ImmediateStore implements TaskStore {
  readonly #table: TaskTable;
  readonly #outbox: Outbox;

  constructor(
    private readonly backend: ImmediateBackend,
    private readonly scope: string,
    private readonly run: { env?: Env; team?: string },
    private readonly now: () => number,
  ) {
    const storage = memoryStorage();
    migrate(storage.sql, SESSION_STORE_SCHEMA);
    this.#table = new TaskTable(storage, () => {}, undefined, undefined, scope === TEAM_SCOPE);
    this.#outbox = new Outbox(storage.sql);
  }

  async add(request: AddRequest): Promise<AddResult | Refused> {
    const added = this.#table.add(request, this.now());
    if (!("added" in added) || !added.added) return added;
    return { added: true, result: (await this.#runPending(request.key)) ?? added.result };
  }

  /** Claims and runs what is pending (the new run, then its retries) as the queue consumer would. */
  async #runPending(key: string): Promise<TaskResult | null> {
    for (;;) {
      const [message] = this.#outbox.takeUnsent(this.now());
      if (!message) return this.#table.get(key, this.now());
      const claim = this.#table.claim(message.token, this.now(), crypto.randomUUID());
      if (!claim) continue;
      const task = this.backend.registry.require(claim.task);
      const startedAt = this.now();
      const outcome = await runTask(task, JSON.parse(claim.argsJson) as unknown[], {
        key: claim.key,
        attempt: claim.attempt,
        timeoutMs: claim.timeoutMs,
        env: this.run.env,
        ...(this.run.team === undefined ? {} : { teamName: this.run.team }),
        ...scopedTasks(this.backend, this.scope, claim.addedBy, startedAt + claim.timeoutMs),
      });
      if (outcome.ok) this.#table.complete(claim.runId, outcome.valueJson, outcome.usage, this.now());
      else this.#table.fail(claim.runId, { error: outcome.error, retryable: outcome.retryable, usage: outcome.usage }, this.now());
    }
  }

  async put(request: PutRequest): Promise<TaskResult | Refused> {
    return this.#table.put(request, this.now());
  }

  async get(key: string): Promise<TaskResult | null> {
    return this.#table.get(key, this.now());
  }

  async list(request: ListRequest): Promise<TaskPage> {
    const page = this.#table.list(this.now(), request);
    return { tasks: page.tasks, next: page.next === null ? null : String(page.next) };
  }

  async keys(filter: TaskFilter, limit: number): Promise<TaskEntry[]> {
    return this.#table.keys(this.now(), filter, limit);
  }

  async pop(key: string, actor?: Actor): Promise<{ value: unknown } | null | Refused> {
    return this.#table.pop(key, this.now(), actor);
  }

  async popAll(actor?: Actor): Promise<Record<string, unknown> | Refused> {
    return this.#table.popAll(this.now(), actor);
  }

  async popErrors(actor?: Actor): Promise<TaskFailure[] | Refused> {
    return this.#table.popErrors(this.now(), actor);
  }

  async has(key?: string): Promise<boolean> {
    return this.#table.has(key, this.now());
  }

  async cancel(key: string, actor?: Actor): Promise<boolean | Refused> {
    const cancelled = this.#table.cancel(key, this.now(), actor);
    return Array.isArray(cancelled) ? cancelled.length > 0 : cancelled;
  }

  async cancelAll(actor?: Actor): Promise<number | Refused> {
    const cancelled = this.#table.cancel(undefined, this.now(), actor);
    return Array.isArray(cancelled) ? cancelled.length : cancelled;
  }

  /** Nothing is ever left running: the states as they are. */
  async wait(keys: string[], _until: WaitUntil): Promise<(TaskResult | null)[]> {
    return keys.map((key) => {
      const state = this.#table.get(key, this.now());
      return state && isFinished(state.status) ? state : null;
    });
  }
}
