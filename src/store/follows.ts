import type { TaskResult } from "../tasks/result";

/** The most team keys a session follows: each read of the team's store brings them all. */
export const FOLLOWS_MAX = 100;
/** A team task still running is followed this long from its last use. */
const UNFINISHED_FOLLOW_MS = 24 * 3600 * 1000;

/**
 * The team's keys a session's hooks have added or read (a review it started, a document it
 * fetched), in the session's store. A hook's first read of the team's store brings the state of
 * every followed key in one call, so a handler that reads them one after another waits for one
 * call, not one per key (see TeamView).
 */
export class Follows {
  constructor(private readonly sql: SqlStorage) {}

  /** The keys followed at `now`, most recently used first. */
  keys(now: number): string[] {
    return this.sql
      .exec<{ key: string }>("SELECT key FROM follows WHERE until > ? ORDER BY used_at DESC, rowid DESC LIMIT ?", now, FOLLOWS_MAX)
      .toArray()
      .map((row) => row.key);
  }

  /** The team's `key` was seen in `state`: followed until it expires, or forgotten when gone. */
  note(key: string, state: TaskResult | null, now: number): void {
    if (state === null) {
      this.sql.exec("DELETE FROM follows WHERE key = ?", key);
      return;
    }
    this.sql.exec(
      "INSERT OR REPLACE INTO follows (key, until, used_at) VALUES (?, ?, ?)",
      key,
      state.expiresAt ?? now + UNFINISHED_FOLLOW_MS,
      now,
    );
    this.sql.exec(
      "DELETE FROM follows WHERE until <= ? OR key NOT IN (SELECT key FROM follows ORDER BY used_at DESC, rowid DESC LIMIT ?)",
      now,
      FOLLOWS_MAX,
    );
  }
}
