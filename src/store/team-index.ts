import { DurableObject } from "cloudflare:workers";
import type { SessionEvent, SessionSummary, TeamSettings } from "../protocol";
import type { TaskStatus } from "../tasks/result";
import { TEAM_SCOPE } from "../tasks/scope";
import { acceptSubscriber, answerPings, broadcast } from "./live";
import { getMeta, migrate, setMeta, TEAM_INDEX_SCHEMA } from "./schema";
import { sessionStore } from "./scope";

interface SessionRow extends Record<string, SqlStorageValue> {
  session: string;
  members: string;
  created_at: number;
  last_seen_at: number;
  counts: string;
}

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
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    migrate(ctx.storage.sql, TEAM_INDEX_SCHEMA);
    answerPings(ctx);
  }

  private get sql(): SqlStorage {
    return this.ctx.storage.sql;
  }

  /** A hook or a task arrived from `member` in `session`. */
  async touch(session: string, member: string): Promise<void> {
    const now = Date.now();
    const row = this.row(session);
    const members = new Set<string>(row ? (JSON.parse(row.members) as string[]) : []);
    members.add(member);
    this.sql.exec(
      `INSERT INTO sessions (session, members, created_at, last_seen_at) VALUES (?1, ?2, ?3, ?3)
       ON CONFLICT (session) DO UPDATE SET members = ?2, last_seen_at = ?3`,
      session,
      JSON.stringify([...members].sort()),
      now,
    );
    await this.changed(session);
  }

  /** A session store's live tasks by status changed. */
  async report(session: string, counts: Partial<Record<TaskStatus, number>>): Promise<void> {
    const now = Date.now();
    this.sql.exec(
      `INSERT INTO sessions (session, created_at, last_seen_at, counts) VALUES (?1, ?2, ?2, ?3)
       ON CONFLICT (session) DO UPDATE SET counts = ?3`,
      session,
      now,
      JSON.stringify(counts),
    );
    await this.changed(session);
  }

  async list(): Promise<SessionSummary[]> {
    return this.sql.exec<SessionRow>("SELECT * FROM sessions ORDER BY last_seen_at DESC").toArray().map(toSummary);
  }

  async forget(session: string): Promise<void> {
    this.sql.exec("DELETE FROM sessions WHERE session = ?", session);
    broadcast(this.ctx, [{ type: "removed", session } satisfies SessionEvent]);
  }

  async settings(): Promise<TeamSettings> {
    const retention = getMeta(this.sql, "retention_seconds");
    return { retentionSeconds: retention === null ? null : Number(retention) };
  }

  /** Stores the team's retention and applies it to every session it knows, and the team store. */
  async setRetention(team: string, retentionSeconds: number | null): Promise<TeamSettings> {
    setMeta(this.sql, "retention_seconds", retentionSeconds === null ? null : String(retentionSeconds));
    const sessions = this.sql.exec<{ session: string }>("SELECT session FROM sessions").toArray();
    const retentionMs = retentionSeconds === null ? null : retentionSeconds * 1000;
    await Promise.all(
      [...sessions.map((row) => row.session), TEAM_SCOPE].map((session) =>
        sessionStore(this.env.SESSION_STORE, { team, session }).setRetention(retentionMs),
      ),
    );
    return this.settings();
  }

  /** GET /v1/sessions/events: the index, then each change. */
  override async fetch(request: Request): Promise<Response> {
    return acceptSubscriber(this.ctx, request, {
      type: "snapshot",
      sessions: await this.list(),
    } satisfies SessionEvent);
  }

  override async alarm(): Promise<void> {
    const forgotten = this.sql
      .exec<{ session: string }>(
        "DELETE FROM sessions WHERE last_seen_at < ? AND counts = '{}' RETURNING session",
        Date.now() - FORGET_AFTER_MS,
      )
      .toArray();
    broadcast(
      this.ctx,
      forgotten.map((row) => ({ type: "removed", session: row.session }) satisfies SessionEvent),
    );
    await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
  }

  private row(session: string): SessionRow | undefined {
    return this.sql.exec<SessionRow>("SELECT * FROM sessions WHERE session = ?", session).toArray()[0];
  }

  private async changed(session: string): Promise<void> {
    const row = this.row(session);
    if (row) broadcast(this.ctx, [{ type: "session", session: toSummary(row) } satisfies SessionEvent]);
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now() + SWEEP_EVERY_MS);
  }
}

function toSummary(row: SessionRow): SessionSummary {
  return {
    session: row.session,
    members: JSON.parse(row.members) as string[],
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    counts: JSON.parse(row.counts) as SessionSummary["counts"],
  };
}
