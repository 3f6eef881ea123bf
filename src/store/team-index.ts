import { DurableObject } from "cloudflare:workers";
import { LIMITS } from "../tasks/limits";
import type { TaskStatus } from "../tasks/result";
import { acceptSubscriber, answerPings, broadcast, closeSubscriber } from "./live";
import { getMeta, migrate, setMeta, TEAM_INDEX_SCHEMA } from "./schema";
import type { TallyBucket } from "./tally";
import { type DayCost, type MinuteCount, type StatsEvent, TeamFigures, type TeamStats } from "./team-stats";

interface SessionRow extends Record<string, SqlStorageValue> {
  session: string;
  owner: string | null;
  members: string;
  created_at: number;
  last_seen_at: number;
  counts: string;
}

/** One session in the team index (GET /v1/sessions). */
export interface SessionSummary {
  session: string;
  /** The member it belongs to (see src/tasks/permissions.ts): only they or an admin change it. */
  owner: string | null;
  /** Members who sent hooks or tasks in this session. */
  members: string[];
  createdAt: number;
  lastSeenAt: number;
  /** Live tasks by status. */
  counts: Partial<Record<TaskStatus, number>>;
}

/**
 * Frames of GET /v1/sessions/events: the team index as it changes (the snapshot: the 500 most
 * recent), and the team's figures as runs finish (`stats`: the buckets that changed; GET
 * /v1/team/stats for all of them). Changes come at most once a second, in one frame of each
 * type: every open page hears of every session's change, so a frame per change would grow as
 * members squared.
 */
type SessionEvent =
  | { type: "snapshot"; sessions: SessionSummary[]; more?: true }
  | { type: "sessions"; sessions: SessionSummary[]; removed: string[] }
  | StatsEvent;

/** GET/PUT /v1/team/settings */
export interface TeamSettings {
  /** A cap on how long finished results live in this team, whatever a task's ttl; null: none. */
  retentionSeconds: number | null;
}

/**
 * One page of the index (GET /v1/sessions), most recently seen first: `next` is the `after` of
 * the next page, or null on the last one.
 */
export interface IndexPage {
  sessions: SessionSummary[];
  next: string | null;
}

/** The team's settings as session stores read them: a store applies them when `version` changed. */
export interface VersionedSettings {
  settings: TeamSettings;
  version: number;
}

/** Changes reach the live pages at most this often, gathered in one frame. */
export const LIVE_FLUSH_MS = 1000;

/** A session quiet this long, with no live task left, leaves the index. */
const FORGET_AFTER_MS = 30 * 24 * 3600 * 1000;
const SWEEP_EVERY_MS = 24 * 3600 * 1000;

/**
 * One team's index (one object per team): which sessions exist, who worked in them, when they
 * were last seen and how many tasks each holds by status, kept current as hooks arrive and as
 * tasks change. Also the team's settings. A Durable Object rather than D1: it is per team like
 * everything else here, needs no database to create or migrate by hand, and pushes changes to
 * the team page over WebSockets.
 */
export class TeamIndex extends DurableObject<Env> {
  /** Sessions changed (a summary) or removed (null) since the last frame to the live pages. */
  readonly #unsent = new Map<string, SessionSummary | null>();
  /** Figures changed since the last frame to the live pages, by minute and by day. */
  readonly #unsentStats = { minutes: new Map<number, MinuteCount>(), days: new Map<string, DayCost>(), costTotalUsd: 0 };
  readonly #figures: TeamFigures;
  #flushTimer: ReturnType<typeof setTimeout> | null = null;
  /** Whether this instance has set the daily sweep's alarm. */
  #sweepArmed = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, TEAM_INDEX_SCHEMA);
    this.#figures = new TeamFigures(ctx.storage.sql);
    answerPings(ctx);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** A hook or a task arrived from `member` in `session`. */
  async touch(session: string, member: string): Promise<void> {
    const now = Date.now();
    const row = this.#row(session);
    const members = new Set<string>(row ? (JSON.parse(row.members) as string[]) : []);
    members.add(member);
    // The first member seen in a session is taken as its owner until its store says (report).
    this.sql.exec(
      `INSERT INTO sessions (session, members, created_at, last_seen_at, owner) VALUES (?1, ?2, ?3, ?3, ?4)
       ON CONFLICT (session) DO UPDATE SET members = ?2, last_seen_at = ?3, owner = coalesce(owner, ?4)`,
      session,
      JSON.stringify([...members].sort()),
      now,
      member,
    );
    await this.#changed(session);
  }

  /**
   * A session store's live tasks by status changed; `tally`: its runs finished since its last
   * report, and their cost.
   */
  async report(
    session: string,
    counts: Partial<Record<TaskStatus, number>>,
    tally: TallyBucket[] = [],
    owner: string | null = null,
  ): Promise<void> {
    const now = Date.now();
    if (tally.length > 0) this.#addTally(tally, now);
    this.sql.exec(
      `INSERT INTO sessions (session, created_at, last_seen_at, counts, owner) VALUES (?1, ?2, ?2, ?3, ?4)
       ON CONFLICT (session) DO UPDATE SET counts = ?3, owner = coalesce(?4, owner)`,
      session,
      now,
      JSON.stringify(counts),
      owner,
    );
    await this.#changed(session);
  }

  /** The team store's runs finished since its last report, and their cost (it has no counts here). */
  async tally(buckets: TallyBucket[]): Promise<void> {
    this.#addTally(buckets, Date.now());
  }

  /** GET /v1/team/stats: the last `minutes` minutes' finished tasks and 30 days of Claude cost. */
  async stats(minutes: number): Promise<TeamStats> {
    return this.#figures.stats(minutes, Date.now());
  }

  #addTally(buckets: TallyBucket[], now: number): void {
    const changed = this.ctx.storage.transactionSync(() => this.#figures.add(buckets, now));
    if (this.ctx.getWebSockets().length === 0) return;
    for (const minute of changed.minutes) this.#unsentStats.minutes.set(minute.minute, minute);
    for (const day of changed.days) this.#unsentStats.days.set(day.day, day);
    this.#unsentStats.costTotalUsd = changed.costTotalUsd;
    this.#flushTimer ??= setTimeout(() => this.#flushLive(), LIVE_FLUSH_MS);
  }

  /**
   * One page of the index, most recently seen first: `limit` sessions after the cursor `after`
   * (the `next` of the page before: the last session's "lastSeenAt.session").
   */
  async list(options: { limit?: number; after?: string } = {}): Promise<IndexPage> {
    const limit = Math.min(options.limit ?? LIMITS.indexPageDefault, LIMITS.indexPageMax);
    const cursor = parseCursor(options.after);
    const rows = this.sql
      .exec<SessionRow>(
        `SELECT * FROM sessions
          WHERE ?1 IS NULL OR last_seen_at < ?1 OR (last_seen_at = ?1 AND session > ?2)
          ORDER BY last_seen_at DESC, session LIMIT ?3`,
        cursor?.lastSeenAt ?? null,
        cursor?.session ?? "",
        limit + 1,
      )
      .toArray();
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      sessions: page.map(toSummary),
      next: rows.length > limit && last ? `${last.last_seen_at}.${last.session}` : null,
    };
  }

  async forget(session: string): Promise<void> {
    this.sql.exec("DELETE FROM sessions WHERE session = ?", session);
    this.#toLive(session, null);
  }

  async settings(): Promise<TeamSettings> {
    return (await this.versionedSettings()).settings;
  }

  async versionedSettings(): Promise<VersionedSettings> {
    const retention = getMeta(this.sql, "retention_seconds");
    return {
      settings: { retentionSeconds: retention === null ? null : Number(retention) },
      version: Number(getMeta(this.sql, "settings_version") ?? 0),
    };
  }

  /**
   * Stores the team's retention under a new settings version. No session store is called: each
   * reads the settings when it next works (at most a minute later while in use, within a day
   * when idle, see SessionStore), so a change costs the same for 10 sessions or 100,000.
   */
  async setRetention(retentionSeconds: number | null): Promise<TeamSettings> {
    this.ctx.storage.transactionSync(() => {
      setMeta(this.sql, "retention_seconds", retentionSeconds === null ? null : String(retentionSeconds));
      setMeta(this.sql, "settings_version", String(Number(getMeta(this.sql, "settings_version") ?? 0) + 1));
    });
    return this.settings();
  }

  /** GET /v1/sessions/events: the most recent sessions, then each change. */
  override async fetch(request: Request): Promise<Response> {
    const { sessions, next } = await this.list({ limit: LIMITS.liveSnapshotSessions });
    return acceptSubscriber(this.ctx, request, {
      type: "snapshot",
      sessions,
      ...(next === null ? {} : { more: true as const }),
    } satisfies SessionEvent);
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

  override async alarm(): Promise<void> {
    const forgotten = this.sql
      .exec<{ session: string }>(
        "DELETE FROM sessions WHERE last_seen_at < ? AND counts = '{}' RETURNING session",
        Date.now() - FORGET_AFTER_MS,
      )
      .toArray();
    for (const row of forgotten) this.#toLive(row.session, null);
    await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
    this.#sweepArmed = true;
  }

  /** Notes a change for the live pages; one frame a second carries every change since the last. */
  #toLive(session: string, summary: SessionSummary | null): void {
    if (this.ctx.getWebSockets().length === 0) return;
    this.#unsent.set(session, summary);
    this.#flushTimer ??= setTimeout(() => this.#flushLive(), LIVE_FLUSH_MS);
  }

  #flushLive(): void {
    this.#flushTimer = null;
    const frames: SessionEvent[] = [];
    if (this.#unsent.size > 0) {
      const frame: SessionEvent = { type: "sessions", sessions: [], removed: [] };
      for (const [session, summary] of this.#unsent) {
        if (summary) frame.sessions.push(summary);
        else frame.removed.push(session);
      }
      this.#unsent.clear();
      frames.push(frame);
    }
    const stats = this.#unsentStats;
    if (stats.minutes.size > 0 || stats.days.size > 0) {
      frames.push({
        type: "stats",
        minutes: [...stats.minutes.values()],
        days: [...stats.days.values()],
        costTotalUsd: stats.costTotalUsd,
      });
      stats.minutes.clear();
      stats.days.clear();
    }
    broadcast(this.ctx, frames);
  }

  #row(session: string): SessionRow | undefined {
    return this.sql.exec<SessionRow>("SELECT * FROM sessions WHERE session = ?", session).toArray()[0];
  }

  async #changed(session: string): Promise<void> {
    const row = this.#row(session);
    if (row) this.#toLive(session, toSummary(row));
    // Set once per instance, not at every change: again even when storage says it is set, as a
    // restarted runtime may have lost it (wrangler dev keeps no alarm across a restart).
    if (!this.#sweepArmed) {
      const stored = await this.ctx.storage.getAlarm();
      await this.ctx.storage.setAlarm(stored !== null && stored > Date.now() ? stored : Date.now() + SWEEP_EVERY_MS);
      this.#sweepArmed = true;
    }
  }
}

function parseCursor(after: string | undefined): { lastSeenAt: number; session: string } | null {
  if (after === undefined) return null;
  const dot = after.indexOf(".");
  return { lastSeenAt: Number(after.slice(0, dot)), session: after.slice(dot + 1) };
}

function toSummary(row: SessionRow): SessionSummary {
  return {
    session: row.session,
    owner: row.owner,
    members: JSON.parse(row.members) as string[],
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    counts: JSON.parse(row.counts) as SessionSummary["counts"],
  };
}
