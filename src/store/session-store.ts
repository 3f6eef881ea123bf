import { DurableObject } from "cloudflare:workers";
import type { AddRequest, WaitUntil } from "../tasks/backend";
import type { TaskMessage } from "../tasks/message";
import type { RunFailure } from "../tasks/run";
import { type AddResult, isFinished, type TaskError, type TaskResult, TaskStatus, type TaskUsage } from "../tasks/result";
import { migrate } from "./schema";
import type { SessionScope } from "./scope";
import { type Claim, TaskTable } from "./task-table";
import { Waiters } from "./waiters";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;

/**
 * One session's task map (one object per team and session id): the SQLite table, the single
 * alarm that expires results and watches leases, the outbox that puts claim tokens on the
 * queue, and the waiters behind `wait()`.
 */
export class SessionStore extends DurableObject<Env> {
  readonly #table: TaskTable;
  readonly #waiters = new Waiters();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql);
    this.#table = new TaskTable(ctx.storage, (key) => this.#waiters.notify(key));
  }

  async add(scope: SessionScope, request: AddRequest): Promise<AddResult> {
    this.#table.rememberScope(scope);
    const result = this.#table.add(request, Date.now());
    await this.#afterWrite();
    return result;
  }

  async get(key: string): Promise<TaskResult | null> {
    return this.#table.get(key, Date.now());
  }

  async list(): Promise<TaskResult[]> {
    return this.#table.list(Date.now());
  }

  async pop(key: string): Promise<{ value: unknown } | null> {
    const popped = this.#table.pop(key, Date.now());
    if (popped) await this.#rearm();
    return popped;
  }

  async popAll(): Promise<Record<string, unknown>> {
    const popped = this.#table.popAll(Date.now());
    await this.#rearm();
    return popped;
  }

  async popErrors(): Promise<{ key: string; error: TaskError }[]> {
    const popped = this.#table.popErrors(Date.now());
    await this.#rearm();
    return popped;
  }

  async has(key?: string): Promise<boolean> {
    return this.#table.has(key, Date.now());
  }

  async cancel(key?: string): Promise<string[]> {
    const cancelled = this.#table.cancel(key, Date.now());
    await this.#rearm();
    return cancelled;
  }

  async wait(keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const now = Date.now();
      const states = keys.map((key) => this.#table.get(key, now));
      if (waitIsOver(states, until) || now >= deadline) return states;
      await this.#waiters.next(keys, deadline - now);
    }
  }

  // --- the queue consumer's side ---

  async claim(token: string): Promise<Claim | null> {
    const claim = this.#table.claim(token, Date.now(), crypto.randomUUID());
    if (claim) await this.#afterWrite();
    return claim;
  }

  async complete(key: string, runId: string, valueJson: string, usage?: TaskUsage): Promise<boolean> {
    const recorded = this.#table.complete(key, runId, valueJson, usage, Date.now());
    if (recorded) await this.#rearm();
    return recorded;
  }

  async fail(key: string, runId: string, failure: RunFailure): Promise<boolean> {
    const recorded = this.#table.fail(key, runId, failure, Date.now());
    if (recorded) await this.#afterWrite();
    return recorded;
  }

  async deadLetter(token: string): Promise<boolean> {
    const failed = this.#table.deadLetter(token, Date.now());
    if (failed) await this.#rearm();
    return failed;
  }

  override async alarm(): Promise<void> {
    this.#table.expire(Date.now());
    await this.#afterWrite();
  }

  async #afterWrite(): Promise<void> {
    await this.#sendOutbox();
    await this.#rearm();
  }

  /** Puts the claim tokens of new or retried PENDING rows on the queue. */
  async #sendOutbox(): Promise<void> {
    const scope = this.#table.scope();
    if (!scope) return;
    const due = this.#table.takeUnsent(Date.now());
    for (let start = 0; start < due.length; start += SEND_BATCH_MAX) {
      const chunk = due.slice(start, start + SEND_BATCH_MAX);
      const tokens = chunk.map((dispatch) => dispatch.token);
      try {
        await this.env.TASK_QUEUE.sendBatch(
          chunk.map(({ token, delaySeconds }) => ({
            body: { team: scope.team, session: scope.session, token } satisfies TaskMessage,
            delaySeconds,
          })),
        );
        this.#table.sent(tokens, Date.now());
      } catch (error) {
        // The rows stay unsent and due: the alarm sends them again shortly.
        console.error(`fasthooks: queue send failed for ${tokens.length} task(s) of ${scope.session}:`, error);
        this.#table.sendFailed(tokens, Date.now());
      }
    }
  }

  /** One alarm, always at the earliest due_at. */
  async #rearm(): Promise<void> {
    const next = this.#table.nextDueAt();
    const current = await this.ctx.storage.getAlarm();
    if (next === null) {
      if (current !== null) await this.ctx.storage.deleteAlarm();
    } else if (current !== next) {
      await this.ctx.storage.setAlarm(next);
    }
  }
}

function waitIsOver(states: (TaskResult | null)[], until: WaitUntil): boolean {
  const settled = states.every((state) => state === null || isFinished(state.status));
  if (until === "all") return settled;
  return settled || states.some((state) => state?.status === TaskStatus.COMPLETED);
}
