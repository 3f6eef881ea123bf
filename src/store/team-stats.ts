/**
 * The team's figures over time, kept by its TeamIndex from the session stores' tallies (see
 * tally.ts): tasks finished per minute over the last day, Claude cost per UTC day over the last
 * 30 days, and the cost since the figures began. Counted when a store reports, not per task: no
 * request is added to a task's path.
 */
import { getMeta, setMeta } from "./schema";
import { MINUTE_MS, type TallyBucket } from "./tally";

/** Minutes of finished counts kept (and the most GET /v1/team/stats answers). */
export const STATS_MINUTES_KEPT = 24 * 60;
/** Days of cost kept and answered. */
const STATS_DAYS_KEPT = 30;
const DAY_MS = 24 * 3600 * 1000;

/** Tasks that finished in one minute. */
export interface MinuteCount {
  /** The minute's start, in ms since the epoch. */
  minute: number;
  completed: number;
  failed: number;
}

/** What Claude cost the team on one UTC day. */
export interface DayCost {
  /** "YYYY-MM-DD", UTC. */
  day: string;
  costUsd: number;
}

/** GET /v1/team/stats */
export interface TeamStats {
  /** Each of the last `minutes` minutes (the current one last), every minute listed. */
  finishedPerMinute: MinuteCount[];
  /** Each of the last 30 UTC days (today last), every day listed. */
  costPerDay: DayCost[];
  /** All the Claude cost the team's stores have reported, since `costSince`. */
  costTotalUsd: number;
  /** When the first cost was reported (ms since the epoch), or null. */
  costSince: number | null;
}

/**
 * Frame of GET /v1/sessions/events: the buckets that changed since the last frame, with their
 * new totals, and the team's new total cost.
 */
export interface StatsEvent {
  type: "stats";
  minutes: MinuteCount[];
  days: DayCost[];
  costTotalUsd: number;
}

export class TeamFigures {
  constructor(private readonly sql: SqlStorage) {}

  /**
   * Adds a store's tally; answers the buckets it changed, with their new totals (for the live
   * pages). Minutes older than a day only add to their day's cost.
   */
  add(buckets: TallyBucket[], now: number): Omit<StatsEvent, "type"> {
    const thisMinute = Math.floor(now / MINUTE_MS);
    const today = Math.floor(now / DAY_MS);
    const minutes = new Set<number>();
    const days = new Set<number>();
    let cost = 0;
    for (const { minute, completed, failed, costUsd } of buckets) {
      if ((completed > 0 || failed > 0) && minute > thisMinute - STATS_MINUTES_KEPT) {
        this.sql.exec(
          `INSERT INTO finished_by_minute (minute, completed, failed) VALUES (?1, ?2, ?3)
           ON CONFLICT (minute) DO UPDATE SET completed = completed + ?2, failed = failed + ?3`,
          minute,
          completed,
          failed,
        );
        minutes.add(minute);
      }
      if (costUsd > 0) {
        cost += costUsd;
        // A day too old to be kept counts in the total only.
        const day = Math.floor((minute * MINUTE_MS) / DAY_MS);
        if (day <= today - STATS_DAYS_KEPT) continue;
        this.sql.exec(
          "INSERT INTO cost_by_day (day, cost_usd) VALUES (?1, ?2) ON CONFLICT (day) DO UPDATE SET cost_usd = cost_usd + ?2",
          day,
          costUsd,
        );
        days.add(day);
      }
    }
    if (cost > 0) {
      setMeta(this.sql, "cost_total_usd", String(this.costTotal() + cost));
      if (getMeta(this.sql, "cost_since") === null) setMeta(this.sql, "cost_since", String(now));
    }
    this.sql.exec("DELETE FROM finished_by_minute WHERE minute <= ?", thisMinute - STATS_MINUTES_KEPT);
    this.sql.exec("DELETE FROM cost_by_day WHERE day <= ?", today - STATS_DAYS_KEPT);
    return {
      minutes: [...minutes].map((minute) => this.minute(minute)),
      days: [...days].map((day) => this.day(day)),
      costTotalUsd: this.costTotal(),
    };
  }

  /** The last `minutes` minutes and 30 days, each listed (zeros too), oldest first. */
  stats(minutes: number, now: number): TeamStats {
    const last = Math.floor(now / MINUTE_MS);
    const counted = new Map(
      this.sql
        .exec<{ minute: number; completed: number; failed: number }>("SELECT * FROM finished_by_minute WHERE minute > ?", last - minutes)
        .toArray()
        .map((row) => [row.minute, row]),
    );
    const today = Math.floor(now / DAY_MS);
    const costs = new Map(
      this.sql
        .exec<{ day: number; cost_usd: number }>("SELECT * FROM cost_by_day WHERE day > ?", today - STATS_DAYS_KEPT)
        .toArray()
        .map((row) => [row.day, row.cost_usd]),
    );
    const since = getMeta(this.sql, "cost_since");
    return {
      finishedPerMinute: Array.from({ length: minutes }, (_, i) => {
        const minute = last - minutes + 1 + i;
        const row = counted.get(minute);
        return { minute: minute * MINUTE_MS, completed: row?.completed ?? 0, failed: row?.failed ?? 0 };
      }),
      costPerDay: Array.from({ length: STATS_DAYS_KEPT }, (_, i) => {
        const day = today - STATS_DAYS_KEPT + 1 + i;
        return { day: dayName(day), costUsd: costs.get(day) ?? 0 };
      }),
      costTotalUsd: this.costTotal(),
      costSince: since === null ? null : Number(since),
    };
  }

  private minute(minute: number): MinuteCount {
    const row = this.sql.exec<{ completed: number; failed: number }>("SELECT * FROM finished_by_minute WHERE minute = ?", minute).one();
    return { minute: minute * MINUTE_MS, completed: row.completed, failed: row.failed };
  }

  private day(day: number): DayCost {
    return {
      day: dayName(day),
      costUsd: this.sql.exec<{ cost_usd: number }>("SELECT cost_usd FROM cost_by_day WHERE day = ?", day).one().cost_usd,
    };
  }

  private costTotal(): number {
    return Number(getMeta(this.sql, "cost_total_usd") ?? 0);
  }
}

function dayName(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}
