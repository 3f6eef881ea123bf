import {
  type AddRequest,
  type ListRequest,
  PUT_TASK,
  type PutRequest,
  type TaskBackend,
  type TaskFailure,
  type TaskFilter,
  type TaskPage,
  type WaitUntil,
} from "./backend";
import { LIMITS } from "./limits";
import { defaultRegistry, type TaskRegistry } from "./registry";
import { type AddResult, addUsage, isFinished, type TaskEntry, type TaskResult, TaskStatus, type TaskUsage } from "./result";
import { runTask } from "./run";
import { scopedTasks } from "./tasks";

/**
 * Runs each task at once, in-process, inside `add` (fasthooks' `ImmediateBackend`), and keeps
 * results in memory with their ttl. For unit tests of hook handlers without a Worker:
 * `new Tasks(new ImmediateBackend(), { sessionId: "test" })`.
 */
export class ImmediateBackend implements TaskBackend {
  readonly #sessions = new Map<string, Map<string, TaskResult>>();
  /** The order results were stored in (a list's cursor), as the store's rowids. */
  readonly #seqs = new WeakMap<TaskResult, number>();
  #nextSeq = 1;

  readonly registry: TaskRegistry;
  private readonly env: Env | undefined;
  private readonly team: string | undefined;
  private readonly now: () => number;

  constructor(
    options: {
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
    this.env = options.env;
    this.team = options.team;
    this.now = options.now ?? Date.now;
  }

  /** A session's live results, dropping the expired ones first. */
  private results(session: string): Map<string, TaskResult> {
    let results = this.#sessions.get(session);
    if (!results) this.#sessions.set(session, (results = new Map()));
    const now = this.now();
    for (const [key, result] of results) {
      if (result.expiresAt !== null && result.expiresAt <= now) results.delete(key);
    }
    return results;
  }

  async add(session: string, request: AddRequest): Promise<AddResult> {
    const task = this.registry.require(request.task);
    const args = JSON.parse(request.argsJson) as unknown[];
    const results = this.results(session);
    const existing = results.get(request.key);
    // Reused only when it is this very task's result: a key is never mistaken for another task's.
    if (request.keepCompleted && existing?.status === TaskStatus.COMPLETED && existing.task === request.task) {
      return { added: false, result: existing };
    }
    let attempts = 0;
    let usage: TaskUsage | undefined;
    const createdAt = this.now();
    for (;;) {
      attempts++;
      const startedAt = this.now();
      const outcome = await runTask(task, args, {
        key: request.key,
        attempt: attempts,
        timeoutMs: request.timeoutMs,
        env: this.env,
        ...(this.team === undefined ? {} : { teamName: this.team }),
        ...scopedTasks(this, session, request.addedBy, startedAt + request.timeoutMs),
      });
      usage = addUsage(usage, outcome.usage);
      if (!outcome.ok && outcome.retryable && attempts < request.maxAttempts) continue;
      const finishedAt = this.now();
      const result: TaskResult = {
        key: request.key,
        task: request.task,
        status: outcome.ok ? TaskStatus.COMPLETED : TaskStatus.FAILED,
        ...(outcome.ok ? { value: JSON.parse(outcome.valueJson) } : { error: outcome.error }),
        priority: request.priority,
        createdAt,
        startedAt,
        finishedAt,
        expiresAt: finishedAt + request.ttlMs,
        attempts,
        ...(usage ? { usage } : {}),
        ...(request.addedBy ? { addedBy: request.addedBy } : {}),
        ...(request.label !== undefined ? { label: request.label } : {}),
      };
      this.store(results, result);
      return { added: true, result };
    }
  }

  async put(session: string, request: PutRequest): Promise<TaskResult> {
    const now = this.now();
    const result: TaskResult = {
      key: request.key,
      task: PUT_TASK,
      status: TaskStatus.COMPLETED,
      value: JSON.parse(request.valueJson),
      priority: 0,
      createdAt: now,
      finishedAt: now,
      expiresAt: now + request.ttlMs,
      attempts: 0,
      ...(request.addedBy ? { addedBy: request.addedBy } : {}),
    };
    this.store(this.results(session), result);
    return result;
  }

  /** A re-added key goes to the end, as a new row does in the store. */
  private store(results: Map<string, TaskResult>, result: TaskResult): void {
    results.delete(result.key);
    results.set(result.key, result);
    this.#seqs.set(result, this.#nextSeq++);
  }

  async get(session: string, key: string): Promise<TaskResult | null> {
    return this.results(session).get(key) ?? null;
  }

  async list(session: string, request: ListRequest): Promise<TaskPage> {
    const after = Number(request.after ?? 0);
    const matching = this.matching(session, request).filter((result) => this.#seqs.get(result)! > after);
    const tasks: TaskResult[] = [];
    let bytes = 0;
    let lastSeq = after;
    for (const result of matching) {
      bytes += JSON.stringify(result.value ?? null).length + JSON.stringify(result.error ?? null).length;
      if (tasks.length === request.limit || (tasks.length > 0 && bytes > LIMITS.listPageMaxBytes)) {
        return { tasks, next: String(lastSeq) };
      }
      lastSeq = this.#seqs.get(result)!;
      if (request.values) {
        tasks.push(result);
      } else {
        const { value: _value, error: _error, ...light } = result;
        tasks.push(light);
      }
    }
    return { tasks, next: null };
  }

  async keys(session: string, filter: TaskFilter, limit: number): Promise<TaskEntry[]> {
    return this.matching(session, filter)
      .map(({ key, task, status }) => ({ key, task, status }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
      .slice(0, limit);
  }

  private matching(session: string, { prefix, status }: TaskFilter): TaskResult[] {
    return [...this.results(session).values()].filter(
      (result) => (prefix === undefined || result.key.startsWith(prefix)) && (status === undefined || result.status === status),
    );
  }

  async pop(session: string, key: string): Promise<{ value: unknown } | null> {
    const results = this.results(session);
    const result = results.get(key);
    if (result?.status !== TaskStatus.COMPLETED) return null;
    results.delete(key);
    return { value: result.value };
  }

  async popAll(session: string): Promise<Record<string, unknown>> {
    return Object.fromEntries(this.take(session, TaskStatus.COMPLETED).map((result) => [result.key, result.value]));
  }

  async popErrors(session: string): Promise<TaskFailure[]> {
    return this.take(session, TaskStatus.FAILED).map((result) => ({ key: result.key, error: result.error! }));
  }

  private take(session: string, status: TaskStatus): TaskResult[] {
    const results = this.results(session);
    const taken = [...results.values()].filter((result) => result.status === status);
    for (const result of taken) results.delete(result.key);
    return taken;
  }

  async has(session: string, key?: string): Promise<boolean> {
    const results = [...this.results(session).values()];
    return results.some((result) => result.status === TaskStatus.COMPLETED && (key === undefined || result.key === key));
  }

  // Every task has finished by the time add returns: there is never anything to cancel or wait for.
  async cancel(): Promise<boolean> {
    return false;
  }

  async cancelAll(): Promise<number> {
    return 0;
  }

  async wait(session: string, keys: string[], _until: WaitUntil): Promise<(TaskResult | null)[]> {
    const results = this.results(session);
    return keys.map((key) => {
      const result = results.get(key);
      return result && isFinished(result.status) ? result : null;
    });
  }
}
