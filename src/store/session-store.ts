import { DurableObject } from "cloudflare:workers";
import type { TaskEvent } from "../protocol";
import type { AddRequest, PutRequest, WaitUntil } from "../tasks/backend";
import type { TaskMessage } from "../tasks/message";
import { type AddResult, isFinished, type TaskError, type TaskResult, TaskStatus, type TaskUsage } from "../tasks/result";
import type { RunFailure } from "../tasks/run";
import { TEAM_SCOPE } from "../tasks/scope";
import { acceptSubscriber, answerPings, broadcast } from "./live";
import { migrate, SESSION_STORE_SCHEMA } from "./schema";
import { type SessionScope, teamIndex } from "./scope";
import { type Claim, TaskTable } from "./task-table";
import { Waiters } from "./waiters";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;
/** Task counts reach the team index at most this often: a busy session would flood it. */
const REPORT_EVERY_MS = 500;

/**
 * One session's task map (one object per team and session id, and one per team for the team
 * scope): the SQLite table, the single alarm that expires results and watches leases, the
 * outbox that puts claim tokens on the queue, the waiters behind `wait()`, and the live
 * subscribers of GET .../events.
 */
export class SessionStore extends DurableObject<Env> {
  readonly #table: TaskTable;
  readonly #waiters = new Waiters();
  /** Keys changed by the current call, published when it ends. */
  readonly #changed = new Set<string>();
  #reportScheduled = false;
  #lastReport: Promise<void> = Promise.resolve();
  /** The alarm as last set here (undefined: not read yet), to spare a storage read per write. */
  #alarmAt: number | null | undefined;
  /** The outbox send under way: concurrent writes share it rather than each sending alone. */
  #sending: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, SESSION_STORE_SCHEMA);
    answerPings(ctx);
    // Changes are only noted here, inside the table's transactions; #publish acts on them.
    this.#table = new TaskTable(ctx.storage, (key) => this.#changed.add(key));
  }

  async add(scope: SessionScope, request: AddRequest): Promise<AddResult> {
    await this.#learnScope(scope);
    return this.#afterWrite(this.#table.add(request, Date.now()));
  }

  async put(scope: SessionScope, request: PutRequest): Promise<TaskResult> {
    await this.#learnScope(scope);
    return this.#afterWrite(this.#table.put(request, Date.now()));
  }

  /** On its first write a store learns its session (the alarm sends messages for it) and the team's retention. */
  async #learnScope(scope: SessionScope): Promise<void> {
    if (this.#table.scope()) return;
    this.#table.rememberScope(scope);
    // Later changes of retention are pushed to the store by the team index; an index that
    // cannot answer now must not fail the write.
    try {
      const { retentionSeconds } = await teamIndex(this.env.TEAM_INDEX, scope.team).settings();
      if (retentionSeconds !== null) this.#table.setRetention(retentionSeconds * 1000);
    } catch (error) {
      console.error(`fasthooks: no retention setting for ${scope.session} (team index unreachable):`, error);
    }
  }

  async get(key: string): Promise<TaskResult | null> {
    return this.#table.get(key, Date.now());
  }

  async list(): Promise<TaskResult[]> {
    return this.#table.list(Date.now());
  }

  async pop(key: string): Promise<{ value: unknown } | null> {
    return this.#afterWrite(this.#table.pop(key, Date.now()));
  }

  async popAll(): Promise<Record<string, unknown>> {
    return this.#afterWrite(this.#table.popAll(Date.now()));
  }

  async popErrors(): Promise<{ key: string; error: TaskError }[]> {
    return this.#afterWrite(this.#table.popErrors(Date.now()));
  }

  async has(key?: string): Promise<boolean> {
    return this.#table.has(key, Date.now());
  }

  async cancel(key?: string): Promise<string[]> {
    return this.#afterWrite(this.#table.cancel(key, Date.now()));
  }

  /**
   * The keys' states once `until` holds or the time is up. Each change is looked at for its
   * key alone; the states are read in full once, at the end.
   */
  wait(keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]> {
    const open = new Set<string>();
    for (const key of keys) {
      const state = this.#table.get(key, Date.now());
      if (until === "any" && state?.status === TaskStatus.COMPLETED) return Promise.resolve(this.#states(keys));
      if (!isSettled(state)) open.add(key);
    }
    if (open.size === 0 || timeoutMs <= 0) return Promise.resolve(this.#states(keys));
    return new Promise((resolve) => {
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
        resolve(this.#states(keys));
      };
      const timer = setTimeout(finish, timeoutMs);
      const unsubscribe = this.#waiters.subscribe(open, (key) => {
        const state = this.#table.get(key, Date.now());
        if (until === "any" && state?.status === TaskStatus.COMPLETED) return finish();
        if (isSettled(state)) open.delete(key);
        if (open.size === 0) finish();
      });
    });
  }

  #states(keys: string[]): (TaskResult | null)[] {
    const now = Date.now();
    return keys.map((key) => this.#table.get(key, now));
  }

  async setRetention(retentionMs: number | null): Promise<void> {
    this.#table.setRetention(retentionMs);
    await this.#afterWrite();
  }

  /** Deletes the whole session: its tasks (a running one's result will be refused), alarm and subscribers. */
  async destroy(): Promise<void> {
    // A count report still under way would put the session back in the index after it is forgotten.
    await this.#lastReport;
    for (const socket of this.ctx.getWebSockets()) socket.close(1000, "session deleted");
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    // The object lives on as an empty session: recreate its tables.
    migrate(this.ctx.storage.sql, SESSION_STORE_SCHEMA);
  }

  /** GET .../events: the session's tasks, then each change. */
  override async fetch(request: Request): Promise<Response> {
    return acceptSubscriber(this.ctx, request, {
      type: "snapshot",
      tasks: this.#table.list(Date.now()),
    } satisfies TaskEvent);
  }

  // --- the queue consumer's side ---

  async claim(token: string): Promise<Claim | null> {
    return this.#afterWrite(this.#table.claim(token, Date.now(), crypto.randomUUID()));
  }

  async complete(key: string, runId: string, valueJson: string, usage?: TaskUsage): Promise<boolean> {
    return this.#afterWrite(this.#table.complete(key, runId, valueJson, usage, Date.now()));
  }

  async fail(key: string, runId: string, failure: RunFailure): Promise<boolean> {
    return this.#afterWrite(this.#table.fail(key, runId, failure, Date.now()));
  }

  async deadLetter(token: string): Promise<boolean> {
    return this.#afterWrite(this.#table.deadLetter(token, Date.now()));
  }

  override async alarm(): Promise<void> {
    this.#alarmAt = null; // the runtime has just consumed it
    this.#table.expire(Date.now());
    await this.#afterWrite();
  }

  /** After any write: send what the outbox holds, re-arm the alarm, publish the changes. */
  async #afterWrite<T>(result?: T): Promise<T> {
    await this.#sendOutbox();
    await this.#rearm();
    this.#publish();
    return result as T;
  }

  /**
   * Puts the claim tokens of new or retried PENDING rows on the queue. One send at a time;
   * rows written meanwhile go in the next one, which every waiting caller awaits.
   */
  async #sendOutbox(): Promise<void> {
    while (this.#sending) await this.#sending;
    this.#sending = this.#sendDue().finally(() => {
      this.#sending = null;
    });
    await this.#sending;
  }

  async #sendDue(): Promise<void> {
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
    if (this.#alarmAt === undefined) this.#alarmAt = await this.ctx.storage.getAlarm();
    if (next === this.#alarmAt) return;
    this.#alarmAt = next;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  /** Wakes the waiters, tells subscribers what changed, and the team index the new counts (in the background). */
  #publish(): void {
    if (this.#changed.size === 0) return;
    const changed = [...this.#changed];
    this.#changed.clear();
    for (const key of changed) this.#waiters.notify(key);
    const now = Date.now();
    const events = changed.map((key): TaskEvent => {
      const task = this.#table.get(key, now);
      return task ? { type: "task", task } : { type: "removed", key };
    });
    broadcast(this.ctx, events);
    this.#reportCounts();
  }

  /**
   * Reports the counts a little later, once for all the changes until then: the index is one
   * object per team, and counts are advisory.
   */
  #reportCounts(): void {
    const scope = this.#table.scope();
    if (!scope || scope.session === TEAM_SCOPE || this.#reportScheduled) return;
    this.#reportScheduled = true;
    const index = teamIndex(this.env.TEAM_INDEX, scope.team);
    this.#lastReport = (async () => {
      await new Promise((resolve) => setTimeout(resolve, REPORT_EVERY_MS));
      this.#reportScheduled = false; // changes from here on schedule the next report
      try {
        await index.report(scope.session, this.#table.counts(Date.now()));
      } catch (error) {
        console.error(`fasthooks: could not report ${scope.session}'s counts to the team index:`, error);
      }
    })();
    this.ctx.waitUntil(this.#lastReport);
  }
}

/** Nothing more to wait for: no such task (any more), or it has finished. */
function isSettled(state: TaskResult | null): boolean {
  return state === null || isFinished(state.status);
}
