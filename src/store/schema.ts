/**
 * SQLite schemas of the Durable Objects, as append-only lists of migrations: an object keeps
 * its data across deploys, so a change is a new step, never an edit of an old one.
 */

/** The session store (and the team store, which is one too). */
export const SESSION_STORE_SCHEMA: readonly string[] = [
  `CREATE TABLE tasks (
     key          TEXT PRIMARY KEY,
     task         TEXT NOT NULL,     -- registered task name
     args         TEXT NOT NULL,     -- JSON array
     status       TEXT NOT NULL,     -- PENDING | RUNNING | COMPLETED | FAILED | CANCELLED
     value        TEXT,              -- JSON, when COMPLETED
     error        TEXT,              -- JSON {name, message}
     priority     INTEGER NOT NULL,
     ttl_ms       INTEGER NOT NULL,
     timeout_ms   INTEGER NOT NULL,
     max_attempts INTEGER NOT NULL,
     attempts     INTEGER NOT NULL DEFAULT 0,
     created_at   INTEGER NOT NULL,
     started_at   INTEGER,
     finished_at  INTEGER,
     ready_at     INTEGER NOT NULL,  -- PENDING: not claimed before (retry backoff)
     token        TEXT,              -- PENDING: the queue message that will claim a task for this row
     sent         INTEGER NOT NULL DEFAULT 0, -- PENDING: that message is on the queue
     run_id       TEXT,              -- RUNNING: only this run may record the result
     usage        TEXT,              -- JSON TaskUsage, summed over attempts
     added_by     TEXT,              -- JSON TaskOrigin: who added the task, from where
     -- When the alarm must next look at the row: PENDING unsent -> send; PENDING sent ->
     -- give up waiting for a claim; RUNNING -> lease expiry; finished -> expiry (finished_at + ttl).
     due_at       INTEGER NOT NULL
   )`,
  `CREATE INDEX tasks_by_due ON tasks (due_at)`,
  `CREATE INDEX tasks_by_claim_order ON tasks (status, priority DESC)`,
  `CREATE UNIQUE INDEX tasks_by_token ON tasks (token) WHERE token IS NOT NULL`,
  // complete, fail and renew find a run by its id.
  `CREATE INDEX tasks_by_run ON tasks (run_id) WHERE run_id IS NOT NULL`,
  // A scan of keys and statuses (tasks.keys) reads this index alone, never a row's value.
  `CREATE INDEX tasks_by_key_status ON tasks (key, status, task, due_at)`,
  // A store knows its session by its own name (ctx.id.name): the row it once kept is dropped.
  `DELETE FROM meta WHERE name = 'scope'`,
  // What the task is about, in words (AddOptions.label), shown on the team page.
  `ALTER TABLE tasks ADD COLUMN label TEXT`,
  // Runs finished and Claude cost by minute, not yet told to the team index (see tally.ts).
  `CREATE TABLE tally (
     minute    INTEGER PRIMARY KEY, -- minutes since the epoch
     completed INTEGER NOT NULL DEFAULT 0,
     failed    INTEGER NOT NULL DEFAULT 0,
     cost_usd  REAL NOT NULL DEFAULT 0
   )`,
  // The team's keys this session's hooks added or read: read from the team store in one call (see follows.ts).
  `CREATE TABLE follows (
     key     TEXT PRIMARY KEY,
     until   INTEGER NOT NULL, -- when the team's result expires (or a day on, while it runs)
     used_at INTEGER NOT NULL
   )`,
];

/** The team index: which sessions exist, by whom, when last seen, their task counts. */
export const TEAM_INDEX_SCHEMA: readonly string[] = [
  `CREATE TABLE sessions (
     session      TEXT PRIMARY KEY,
     members      TEXT NOT NULL DEFAULT '[]', -- JSON array of member names
     created_at   INTEGER NOT NULL,
     last_seen_at INTEGER NOT NULL,
     counts       TEXT NOT NULL DEFAULT '{}'  -- JSON {status: live tasks}
   )`,
  `CREATE INDEX sessions_by_last_seen ON sessions (last_seen_at)`,
  // The team's figures over time, from the stores' tallies (see TeamIndex.stats).
  `CREATE TABLE finished_by_minute (
     minute    INTEGER PRIMARY KEY, -- minutes since the epoch; the last day is kept
     completed INTEGER NOT NULL DEFAULT 0,
     failed    INTEGER NOT NULL DEFAULT 0
   )`,
  `CREATE TABLE cost_by_day (
     day      INTEGER PRIMARY KEY, -- UTC days since the epoch; the last 30 are kept
     cost_usd REAL NOT NULL DEFAULT 0
   )`,
];

/** Whether the object has a schema at all (one that deleted its storage has none until its next write). */
export function hasSchema(sql: SqlStorage): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'").toArray().length > 0;
}

/** Applies the steps not yet applied; the step count is kept in a `meta` table. */
export function migrate(sql: SqlStorage, steps: readonly string[]): void {
  sql.exec("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const applied = Number(getMeta(sql, "schema_version") ?? 0);
  for (let step = applied; step < steps.length; step++) {
    sql.exec(steps[step]!);
  }
  if (applied !== steps.length) {
    setMeta(sql, "schema_version", String(steps.length));
  }
}

export function getMeta(sql: SqlStorage, name: string): string | null {
  return sql.exec<{ value: string }>("SELECT value FROM meta WHERE name = ?", name).toArray()[0]?.value ?? null;
}

export function setMeta(sql: SqlStorage, name: string, value: string | null): void {
  if (value === null) {
    sql.exec("DELETE FROM meta WHERE name = ?", name);
  } else {
    sql.exec("INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value", name, value);
  }
}
