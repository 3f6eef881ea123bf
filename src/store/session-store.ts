import { DurableObject } from "cloudflare:workers";
import type { HookContext, Member } from "../hooks/context";
import type { BaseEvent } from "../hooks/events";
import type { HookOutput } from "../hooks/output";
import { servedApp } from "../hooks/served-app";
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
import { defaultRegistry } from "../tasks/registry";
import { LIMITS, WAIT } from "../tasks/limits";
import {
  type AddResult,
  isFinished,
  type TaskDetail,
  type TaskEntry,
  type TaskOrigin,
  type TaskResult,
  TaskStatus,
  type TaskUsage,
} from "../tasks/result";
import { type Actor, isRefused, type Refused } from "../tasks/permissions";
import type { RunFailure } from "../tasks/run";
import { scopedTasks, TEAM_SCOPE } from "../tasks/tasks";
import { Follows, FOLLOWS_MAX } from "./follows";
import { acceptSubscriber, answerPings, broadcast, closeSubscriber, liveTask, type TaskEvent } from "./live";
import { hasSchema, migrate, SESSION_STORE_SCHEMA } from "./schema";
import { type SessionScope, scopeOfName, sessionStore, sessionStoreName, teamIndex } from "./names";
import { Outbox, type TaskMessage } from "./outbox";
import { StoreSettings } from "./settings";
import { type Claim, type DeleteOutcome, type RetryOutcome, TaskTable } from "./task-table";
import { Tally } from "./tally";
import { TeamView, type TeamStoreStub } from "./team-view";
import { Waiters } from "./waiters";

/** Queues take at most 100 messages per sendBatch. */
const SEND_BATCH_MAX = 100;
/**
 * Tasks go to the queue this long after the write that made them: the answer that added them
 * leaves first. Under `wrangler dev` the consumer starts at once, on the thread that is sending
 * that answer, and held each add's hook back by about 10 ms; on Cloudflare it runs elsewhere,
 * and a task starts 10 ms later, which the queue's own delivery dwarfs.
 */
const SEND_AFTER_MS = 10;
/** Task counts reach the team index at most this often: a busy session would flood it. */
const REPORT_EVERY_MS = 500;
/** A store asks the team index for its settings (retention) at most this often while in use. */
export const SETTINGS_MAX_AGE_MS = 60_000;
/** A store left empty whose figures the team index could not take tries again this much later. */
const TALLY_RETRY_MS = 60_000;
/** A store holding results wakes at least this often, to apply settings changed meanwhile. */
const WAKE_AT_LEAST_EVERY_MS = 24 * 3600 * 1000;
/** An empty store deletes its storage this long after it became empty (a busy session refills it at once). */
export const EMPTY_STORE_GRACE_MS = 10 * 60 * 1000;

/**
 * One session's task map (one object per team and session id, and one per team for the team
 * scope): the SQLite table, the single alarm that expires results and watches leases and
 * messages, the outbox that puts claim tokens on the queue, the waiters behind `wait()`, and the
 * live subscribers of GET .../events. An empty store deletes its storage, so storage does not
 * grow with every session ever seen; its schema comes back with its next write.
 */
export class SessionStore extends DurableObject<Env> implements TaskStore {
  readonly #table: TaskTable;
  readonly #follows: Follows;
  readonly #outbox: Outbox;
  readonly #settings: StoreSettings;
  readonly #tally: Tally;

  /** Whether the tables exist (false for a new object, and after the store deleted its storage). */
  #hasSchema: boolean;
  readonly #waiters = new Waiters();
  /** Keys changed by the current call, published when it ends. */
  readonly #changed = new Set<string>();
  #reportScheduled = false;
  #lastReport: Promise<void> = Promise.resolve();
  /** The alarm as last set by this instance (undefined: not yet, so the first re-arm always writes it). */
  #alarmAt: number | null | undefined;
  /** The outbox send under way: concurrent writes share it rather than each sending alone. */
  #sending: Promise<void> | null = null;
  /** When this instance last asked the team index for its settings (0: never). */
  #settingsCheckedAt = 0;
  #settingsRefresh: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#hasSchema = hasSchema(ctx.storage.sql);
    if (this.#hasSchema) migrate(ctx.storage.sql, SESSION_STORE_SCHEMA);
    answerPings(ctx);
    // Changes are only noted here, inside the table's transactions; #publish acts on them.
    this.#settings = new StoreSettings(ctx.storage.sql);
    this.#outbox = new Outbox(ctx.storage.sql);
    this.#tally = new Tally(ctx.storage.sql);
    this.#follows = new Follows(ctx.storage.sql);
    // The team's store holds its adders' tasks, a session its owner's (permissions.ts).
    const shared = ctx.id.name === sessionStoreName({ team: scopeTeam(ctx.id.name), session: TEAM_SCOPE });
    this.#table = new TaskTable(ctx.storage, (key) => this.#changed.add(key), this.#settings, this.#tally, shared);
    // A new instance (after an eviction, a crash, a restart, a deploy) catches up before its
    // first call: the runtime may have lost its alarm (wrangler dev keeps none across a restart).
    if (this.#hasSchema) void ctx.blockConcurrencyWhile(() => this.#catchUp());
  }

  /**
   * The team and session this store holds: its own name (`ctx.id.name`, which the runtime gives
   * an object reached through `idFromName`, in its alarms too), so no call has to say it.
   */
  get #scope(): SessionScope {
    const { name } = this.ctx.id;
    if (name === undefined) throw new Error("A SessionStore is reached by its name (idFromName), never by a bare id");
    return scopeOfName(name);
  }

  /** The table for a read, or null when the store holds nothing (no schema). */
  #readable(): TaskTable | null {
    // Looked for again while absent: cheap, and true to storage whoever wrote it.
    if (!this.#hasSchema && hasSchema(this.ctx.storage.sql)) this.#writable();
    return this.#hasSchema ? this.#table : null;
  }

  /** The table for a write, its schema created if the store had none. */
  #writable(): TaskTable {
    if (!this.#hasSchema) {
      migrate(this.ctx.storage.sql, SESSION_STORE_SCHEMA);
      this.#hasSchema = true;
    }
    return this.#table;
  }

  // --- a hook, answered here, next to the session's tasks ---

  /**
   * Runs the served app's handlers for one event of this session, in this object: the
   * session's `tasks` are this store's own methods (no call leaves the object), and `team` is
   * the team's store, read in one call per hook (TeamView). So a hook waits for one call to
   * this object, plus at most one to the team's store when its handlers use it.
   */
  async hook(event: BaseEvent, request: HookRequest): Promise<HookOutput | Refused> {
    const { team: teamName, session } = this.#scope;
    // The session is its owner's: the member whose hooks made it (permissions.ts).
    const { member, admin } = request.member;
    const refused = this.#writable().claimOwnership({ member, admin });
    if (refused) return refused;
    const followed = {
      keys: () => (this.#readable() ? this.#follows.keys(Date.now()) : []),
      note: (key: string, state: TaskResult | null) => this.#follow(key, state),
    };
    // A stub's methods are the team store's, with RPC's types: the same data, typed for the wire.
    const teamStore = sessionStore(this.env.SESSION_STORE, { team: teamName, session: TEAM_SCOPE }) as unknown as TeamStoreStub;
    const team = new TeamView(teamStore, followed);
    const backend: TaskBackend = { registry: defaultRegistry, store: (scope) => (scope === TEAM_SCOPE ? team : this) };
    const ctx: HookContext = {
      ...scopedTasks(backend, session, request.origin, request.deadline, { member, admin }),
      env: this.env,
      member: request.member,
      cut: request.cut,
    };
    try {
      return await servedApp(request.app).answer(event, ctx, { strict: request.strict });
    } finally {
      // The owner's row gives even a hook that stores nothing a schema: the alarm cleans it up.
      await this.#rearm();
    }
  }

  /** Notes what a hook saw of the team's `key` (see Follows); a store with nothing to forget stays empty. */
  #follow(key: string, state: TaskResult | null): void {
    if (state === null && !this.#readable()) return;
    this.#writable();
    this.#follows.note(key, state, Date.now());
  }

  /**
   * The team's store: the states of `keys` (null: no such task), for a session's hook that
   * follows them. A value that would take the answer over LIMITS.teamSnapshotMaxBytes leaves its
   * key out: the hook reads it on its own if it needs it.
   */
  async snapshot(keys: string[]): Promise<Record<string, TaskResult | null>> {
    const table = this.#readable();
    const now = Date.now();
    const states: Record<string, TaskResult | null> = {};
    let bytes = 0;
    for (const key of keys.slice(0, FOLLOWS_MAX + 1)) {
      const state = table?.get(key, now) ?? null;
      bytes += state?.value === undefined ? 0 : JSON.stringify(state.value).length;
      if (bytes > LIMITS.teamSnapshotMaxBytes) continue;
      states[key] = state;
    }
    return states;
  }

  // --- the TaskStore of one session ---

  async add(request: AddRequest): Promise<AddResult | Refused> {
    return this.#afterWrite(this.#tableToAdd().add(request, Date.now()));
  }

  async put(request: PutRequest): Promise<TaskResult | Refused> {
    return this.#afterWrite(this.#tableToAdd().put(request, Date.now()));
  }

  /** The table for an add or a put; the team's settings follow in the background (a hook's write never waits on the team index). */
  #tableToAdd(): TaskTable {
    const table = this.#writable();
    this.#checkSettings();
    return table;
  }

  /** Starts a settings refresh in the background when the last one is over a minute old. */
  #checkSettings(): void {
    if (Date.now() - this.#settingsCheckedAt < SETTINGS_MAX_AGE_MS) return;
    this.ctx.waitUntil(this.#refreshSettings());
  }

  /**
   * Asks the team index for its settings and applies them if their version changed: a store
   * reads what it needs when it needs it, so a change of settings costs one write, not one RPC
   * per session. Never throws: an unreachable index is tried again later.
   */
  #refreshSettings(): Promise<void> {
    if (!this.#readable()) return Promise.resolve();
    const scope = this.#scope;
    this.#settingsRefresh ??= (async () => {
      this.#settingsCheckedAt = Date.now();
      try {
        const { settings, version } = await teamIndex(this.env.TEAM_INDEX, scope.team).versionedSettings();
        const table = this.#readable();
        if (!table || this.#settings.version() === version) return;
        const { retentionSeconds } = settings;
        table.setRetention(retentionSeconds === null ? null : retentionSeconds * 1000, version);
        await this.#afterWrite();
      } catch (error) {
        console.error(`fasthooks: no settings for ${scope.session} (team index unreachable):`, error);
      } finally {
        this.#settingsRefresh = null;
      }
    })();
    return this.#settingsRefresh;
  }

  async get(key: string): Promise<TaskResult | null> {
    this.#checkSettingsIfStored();
    return this.#readable()?.get(key, Date.now()) ?? null;
  }

  /** The task with its args, for its detail on the team page (GET .../tasks/:key). */
  async detail(key: string): Promise<TaskDetail | null> {
    this.#checkSettingsIfStored();
    return this.#readable()?.detail(key, Date.now()) ?? null;
  }

  async list(request: ListRequest): Promise<TaskPage> {
    this.#checkSettingsIfStored();
    const page = this.#readable()?.list(Date.now(), request);
    return { tasks: page?.tasks ?? [], next: page?.next == null ? null : String(page.next) };
  }

  async keys(filter: TaskFilter, limit: number): Promise<TaskEntry[]> {
    this.#checkSettingsIfStored();
    return this.#readable()?.keys(Date.now(), filter, Math.min(limit, LIMITS.scanMax)) ?? [];
  }

  #checkSettingsIfStored(): void {
    if (this.#hasSchema) this.#checkSettings();
  }

  async pop(key: string, actor?: Actor): Promise<{ value: unknown } | null | Refused> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.pop(key, Date.now(), actor)) : null;
  }

  async popAll(actor?: Actor): Promise<Record<string, unknown> | Refused> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.popAll(Date.now(), actor)) : {};
  }

  async popErrors(actor?: Actor): Promise<TaskFailure[] | Refused> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.popErrors(Date.now(), actor)) : [];
  }

  async has(key?: string): Promise<boolean> {
    return this.#readable()?.has(key, Date.now()) ?? false;
  }

  /** Cancels a PENDING or RUNNING task; false when there was none. */
  async cancel(key: string, actor?: Actor): Promise<boolean | Refused> {
    const cancelled = await this.#cancel(key, actor);
    return isRefused(cancelled) ? cancelled : cancelled.length > 0;
  }

  /** Cancels every PENDING or RUNNING task (see TaskTable.cancel); how many. */
  async cancelAll(actor?: Actor): Promise<number | Refused> {
    const cancelled = await this.#cancel(undefined, actor);
    return isRefused(cancelled) ? cancelled : cancelled.length;
  }

  async #cancel(key: string | undefined, actor: Actor | undefined): Promise<string[] | Refused> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.cancel(key, Date.now(), actor)) : [];
  }

  /** Runs a FAILED or CANCELLED task again, as added by `actor` (see TaskTable.retry). */
  async retry(key: string, actor?: Actor): Promise<RetryOutcome> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.retry(key, Date.now(), actor)) : { outcome: "not_found" };
  }

  /** Removes a finished task, if `actor` may (permissions.ts). A task still PENDING or RUNNING is cancelled, not deleted. */
  async deleteResult(key: string, actor: Actor): Promise<DeleteOutcome> {
    const table = this.#readable();
    if (!table) return { outcome: "not_found" };
    return this.#afterWrite(table.deleteFinished(key, Date.now(), actor));
  }

  /**
   * The keys' states once `until` holds or the time is up; one call holds at most
   * `WAIT.sliceMs` (a longer wait asks again). Each change is looked at for its key alone; the
   * states are read in full once, at the end.
   */
  wait(keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]> {
    const open = new Set<string>();
    for (const key of keys) {
      const state = this.#state(key);
      if (until === "any" && state?.status === TaskStatus.COMPLETED) return Promise.resolve(this.#states(keys));
      if (!isSettled(state)) open.add(key);
    }
    const holdMs = Math.min(timeoutMs, WAIT.sliceMs);
    if (open.size === 0 || holdMs <= 0) return Promise.resolve(this.#states(keys));
    return new Promise((resolve) => {
      const finish = () => {
        unsubscribe();
        clearTimeout(timer);
        resolve(this.#states(keys));
      };
      const timer = setTimeout(finish, holdMs);
      const unsubscribe = this.#waiters.subscribe(open, (key) => {
        const state = this.#state(key);
        if (until === "any" && state?.status === TaskStatus.COMPLETED) return finish();
        if (isSettled(state)) open.delete(key);
        if (open.size === 0) finish();
      });
    });
  }

  #state(key: string): TaskResult | null {
    return this.#readable()?.get(key, Date.now()) ?? null;
  }

  #states(keys: string[]): (TaskResult | null)[] {
    return keys.map((key) => this.#state(key));
  }

  /** Deletes the whole session: its tasks (a running one's result will be refused), alarm and subscribers. */
  async destroy(): Promise<void> {
    // A count report still under way would put the session back in the index after it is forgotten.
    await this.#lastReport;
    for (const socket of this.ctx.getWebSockets()) socket.close(1000, "session deleted");
    await this.#dropStorage();
  }

  /** Deletes every byte the object stores; it lives on as an empty store, its schema back at its next write. */
  async #dropStorage(): Promise<void> {
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.#hasSchema = false;
    this.#alarmAt = null;
    this.#settingsCheckedAt = 0;
    this.#waiters.notifyAll();
  }

  /** GET .../events: the session's newest tasks, then each change. */
  override async fetch(request: Request): Promise<Response> {
    const newest = this.#readable()?.newest(Date.now(), LIMITS.liveSnapshotTasks, LIMITS.liveValueMaxBytes);
    return acceptSubscriber(this.ctx, request, {
      type: "snapshot",
      tasks: newest?.tasks ?? [],
      ...(newest?.more ? { more: true as const } : {}),
    } satisfies TaskEvent);
  }

  override async webSocketMessage(): Promise<void> {
    // Subscribers only listen; their keep-alive pings are answered by the runtime.
  }

  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    closeSubscriber(socket, code, reason);
  }

  override async webSocketError(socket: WebSocket): Promise<void> {
    closeSubscriber(socket, 1011, "error");
  }

  // --- the queue consumer's side ---

  async claim(token: string): Promise<Claim | null> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.claim(token, Date.now(), crypto.randomUUID())) : null;
  }

  /**
   * The runner of these runs is alive: their leases run on. Answers the runs that no longer own
   * their task (cancelled, replaced, lease lost): their work is wasted.
   */
  async renew(runIds: string[]): Promise<string[]> {
    const table = this.#readable();
    const now = Date.now();
    const lost = runIds.filter((runId) => !table?.renew(runId, now));
    if (lost.length < runIds.length) await this.#rearm();
    return lost;
  }

  async complete(runId: string, valueJson: string, usage?: TaskUsage): Promise<boolean> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.complete(runId, valueJson, usage, Date.now())) : false;
  }

  async fail(runId: string, failure: RunFailure): Promise<boolean> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.fail(runId, failure, Date.now())) : false;
  }

  async deadLetter(token: string): Promise<boolean> {
    const table = this.#readable();
    return table ? this.#afterWrite(table.deadLetter(token, Date.now())) : false;
  }

  override async alarm(): Promise<void> {
    this.#alarmAt = null; // the runtime has just consumed it
    const table = this.#readable();
    if (!table) return;
    // Still empty when the grace after its last task ran out: the store deletes itself, once
    // the team index has its figures (else it tries again later rather than lose them).
    if (table.nextDueAt() === null) {
      if (!this.#tally.isEmpty()) {
        this.#reportCounts();
        await this.#lastReport;
      }
      if (this.#tally.isEmpty()) return this.#dropStorage();
      this.#alarmAt = Date.now() + TALLY_RETRY_MS;
      return this.ctx.storage.setAlarm(this.#alarmAt);
    }
    if (Date.now() - this.#settingsCheckedAt >= SETTINGS_MAX_AGE_MS) await this.#refreshSettings();
    await this.#catchUp();
  }

  /** The alarm's work: expire, retry lapsed runs, resend lost messages; then send and re-arm. */
  async #catchUp(): Promise<void> {
    this.#readable()?.expire(Date.now());
    await this.#afterWrite();
    // Figures a report before a restart did not deliver go now.
    if (this.#readable() && !this.#tally.isEmpty()) this.#reportCounts();
  }

  /**
   * After any write: the answer need not wait for the queue. Rows to send are marked as being
   * sent (due again in 30 s) before the send starts, and the alarm is armed for that, so a send
   * cut short by a crash is made again by the alarm, and one that fails is retried by it. The
   * send goes on in the background; the changes are published at once.
   */
  async #afterWrite<T>(result?: T): Promise<T> {
    const sending = this.#sendOutbox();
    await this.#rearm();
    this.#publish();
    this.ctx.waitUntil(
      sending
        .then(() => this.#rearm())
        .catch((error) =>
          console.error(`fasthooks: sending the queue messages of ${this.#scope.session} failed; the alarm sends them again:`, error),
        ),
    );
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
    if (!this.#readable()) return;
    const scope = this.#scope;
    const due = this.#outbox.takeUnsent(Date.now());
    if (due.length > 0) await scheduler.wait(SEND_AFTER_MS);
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
        if (this.#readable()) this.#outbox.sent(tokens, Date.now());
      } catch (error) {
        // The rows stay unsent and due: the alarm sends them again shortly.
        console.error(`fasthooks: queue send failed for ${tokens.length} task(s) of ${scope.session}:`, error);
        if (this.#readable()) this.#outbox.sendFailed(tokens, Date.now());
      }
    }
  }

  /**
   * One alarm, always at the earliest due_at; at most a day away while results are held (to
   * apply settings changed meanwhile), and a grace period away once the store is empty (then
   * it deletes itself).
   */
  async #rearm(): Promise<void> {
    const next = this.#nextAlarm();
    if (next === this.#alarmAt) return;
    this.#alarmAt = next;
    if (next === null) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(next);
  }

  #nextAlarm(): number | null {
    const table = this.#readable();
    if (!table) return null;
    const now = Date.now();
    const due = table.nextDueAt();
    // Rounded up to the minute: a hook that stores nothing then moves no alarm, and its answer
    // waits for no write (the object holds an answer until what it wrote is stored).
    if (due === null) return Math.ceil((now + EMPTY_STORE_GRACE_MS) / 60_000) * 60_000;
    // Rounded to the hour, so that this cap does not move the alarm at every write.
    const wake = Math.ceil((now + WAKE_AT_LEAST_EVERY_MS) / 3_600_000) * 3_600_000;
    return Math.min(due, wake);
  }

  /** Wakes the waiters, tells subscribers what changed, and the team index the new counts (in the background). */
  #publish(): void {
    if (this.#changed.size === 0) return;
    const changed = [...this.#changed];
    this.#changed.clear();
    for (const key of changed) this.#waiters.notify(key);
    if (this.ctx.getWebSockets().length > 0) {
      const events = changed.map((key): TaskEvent => {
        const task = this.#state(key);
        return task ? { type: "task", task: liveTask(task, LIMITS.liveValueMaxBytes) } : { type: "removed", key };
      });
      broadcast(this.ctx, events);
    }
    this.#reportCounts();
  }

  /**
   * Reports the counts a little later, once for all the changes until then: the index is one
   * object per team, and counts are advisory. The runs finished since the last report, and
   * their cost, go with them (the team store has no counts in the index: it sends only those).
   */
  #reportCounts(): void {
    const scope = this.#scope;
    if (!this.#readable() || this.#reportScheduled) return;
    // The team store has no counts in the index: with no finished run to tell, a report would
    // only keep the object awake (and billed) through the wait.
    if (scope.session === TEAM_SCOPE && this.#tally.isEmpty()) return;
    this.#reportScheduled = true;
    const index = teamIndex(this.env.TEAM_INDEX, scope.team);
    this.#lastReport = (async () => {
      await new Promise((resolve) => setTimeout(resolve, REPORT_EVERY_MS));
      this.#reportScheduled = false; // changes from here on schedule the next report
      const table = this.#readable();
      const tally = table ? this.#tally.unreported() : [];
      try {
        if (scope.session !== TEAM_SCOPE) await index.report(scope.session, table?.counts(Date.now()) ?? {}, tally, table?.owner() ?? null);
        else if (tally.length > 0) await index.tally(tally);
        // Taken by the index: subtracted, unless the store was deleted meanwhile.
        if (tally.length > 0 && this.#readable()) this.#tally.reported(tally);
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

/** What the Worker tells a session's store of a hook event beside the event itself. */
export interface HookRequest {
  /** Which of the Worker's apps answers (see served-app.ts). */
  app: number;
  member: Member;
  /** Recorded on every task the handlers add. */
  origin: TaskOrigin;
  /** The event's fields cut to a preview (an oversized event), for `ctx.cut`. */
  cut: readonly string[];
  /** When the handlers' waits end (ms since the epoch): within Claude Code's hook timeout. */
  deadline: number;
  /** A handler's mistake is shown in Claude Code (FASTHOOKS_STRICT=1), not just logged. */
  strict: boolean;
}

/** The team a store's name holds, or "" for a name that is not a store's (a test's own object). */
function scopeTeam(name: string | undefined): string {
  try {
    return name === undefined ? "" : scopeOfName(name).team;
  } catch {
    return "";
  }
}
