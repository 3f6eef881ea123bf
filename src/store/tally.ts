/**
 * What a store's runs add up to, by minute: runs that completed or failed, and what their
 * Claude calls cost. Written in the same transaction as the run's result, and told to the team
 * index with the store's next count report (already sent at most twice a second), so the team's
 * figures cost no request of their own. A row stays until the index has taken it: a report that
 * fails is sent again with the next one, and an empty store reports before it deletes itself.
 */

/** One minute of a store's runs, as the team index receives it. */
export interface TallyBucket {
  /** Minutes since the epoch. */
  minute: number;
  completed: number;
  failed: number;
  costUsd: number;
}

interface TallyRow extends Record<string, SqlStorageValue> {
  minute: number;
  completed: number;
  failed: number;
  cost_usd: number;
}

export const MINUTE_MS = 60_000;

/** Buckets in one report at most: a store that could not report for a day sends its backlog in parts. */
const REPORT_MAX_BUCKETS = 1440;

export class Tally {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds a run's outcome (and its cost) to the minute of `now`. */
  add(now: number, { completed = 0, failed = 0, costUsd = 0 }: { completed?: number; failed?: number; costUsd?: number }): void {
    if (completed === 0 && failed === 0 && costUsd === 0) return;
    this.sql.exec(
      `INSERT INTO tally (minute, completed, failed, cost_usd) VALUES (?1, ?2, ?3, ?4)
       ON CONFLICT (minute) DO UPDATE SET completed = completed + ?2, failed = failed + ?3, cost_usd = cost_usd + ?4`,
      Math.floor(now / MINUTE_MS),
      completed,
      failed,
      costUsd,
    );
  }

  /** What the index has not been told yet, oldest first. */
  unreported(): TallyBucket[] {
    return this.sql
      .exec<TallyRow>("SELECT * FROM tally ORDER BY minute LIMIT ?", REPORT_MAX_BUCKETS)
      .toArray()
      .map((row) => ({ minute: row.minute, completed: row.completed, failed: row.failed, costUsd: row.cost_usd }));
  }

  /**
   * The index has taken `buckets`: they are subtracted (runs that finished meanwhile, in the
   * same minutes, stay for the next report).
   */
  reported(buckets: TallyBucket[]): void {
    for (const { minute, completed, failed, costUsd } of buckets) {
      this.sql.exec(
        "UPDATE tally SET completed = completed - ?2, failed = failed - ?3, cost_usd = cost_usd - ?4 WHERE minute = ?1",
        minute,
        completed,
        failed,
        costUsd,
      );
    }
    // A cost subtracted from itself may leave a rounding crumb.
    this.sql.exec("DELETE FROM tally WHERE completed <= 0 AND failed <= 0 AND abs(cost_usd) < 1e-9");
  }

  isEmpty(): boolean {
    return this.sql.exec("SELECT 1 FROM tally LIMIT 1").toArray().length === 0;
  }
}
