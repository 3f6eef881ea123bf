/**
 * The MemoryStore's SQLite schema, as an append-only list of steps (see src/store/schema.ts):
 * one table of memories, and an FTS5 index of their words beside it.
 */
export const MEMORY_STORE_SCHEMA: readonly string[] = [
  `CREATE TABLE memories (
     seq        INTEGER PRIMARY KEY, -- the FTS5 index's rowid, and the list's order
     id         TEXT NOT NULL UNIQUE,
     text       TEXT NOT NULL,
     digest     TEXT NOT NULL,       -- SHA-256 of the text: the same note added twice is one memory
     scope      TEXT NOT NULL,       -- team | member
     member     TEXT NOT NULL,       -- who added it
     source     TEXT NOT NULL,       -- note | review | a task's name
     project    TEXT,                -- base name of the working directory
     created_at INTEGER NOT NULL,
     expires_at INTEGER NOT NULL,
     embedded   INTEGER NOT NULL DEFAULT 0 -- has a vector in the deployment's Vectorize index
   )`,
  `CREATE UNIQUE INDEX memories_once ON memories (member, scope, digest)`,
  `CREATE INDEX memories_by_expiry ON memories (expires_at)`,
  `CREATE INDEX memories_by_created ON memories (created_at)`,
  // Contentless: the words are indexed, the text is kept once (in memories); a row's index
  // entry is deleted by its rowid. Porter stems English words (run, runs, running).
  `CREATE VIRTUAL TABLE memory_words USING fts5(
     text, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2'
   )`,
];
