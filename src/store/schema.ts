/**
 * The session store's SQLite schema, as an append-only list of migrations: a Durable Object
 * keeps its data across deploys, so a change is a new step, never an edit of an old one.
 */
const MIGRATIONS: readonly string[] = [
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
     -- When the alarm must next look at the row: PENDING unsent -> send; PENDING sent ->
     -- give up waiting for a claim; RUNNING -> lease expiry; finished -> expiry (finished_at + ttl).
     due_at       INTEGER NOT NULL
   )`,
  `CREATE INDEX tasks_by_due ON tasks (due_at)`,
  `CREATE INDEX tasks_by_claim_order ON tasks (status, priority DESC)`,
  `CREATE UNIQUE INDEX tasks_by_token ON tasks (token) WHERE token IS NOT NULL`,
];

export function migrate(sql: SqlStorage): void {
  sql.exec("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)");
  const row = sql.exec<{ value: string }>("SELECT value FROM meta WHERE name = 'schema_version'").toArray()[0];
  const applied = row ? Number(row.value) : 0;
  for (let step = applied; step < MIGRATIONS.length; step++) {
    sql.exec(MIGRATIONS[step]!);
  }
  if (applied !== MIGRATIONS.length) {
    sql.exec(
      "INSERT INTO meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
      String(MIGRATIONS.length),
    );
  }
}
