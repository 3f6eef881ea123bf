/**
 * A Durable Object's SQL storage in memory, on Node's own SQLite (`node:sqlite`, Node 22.13 and
 * later): what ImmediateBackend keeps its tasks in, so that the task rules it follows are the
 * store's own (TaskTable), not a copy. Only the part of the storage API the table uses.
 */

/** The storage TaskTable needs: SQL, and a synchronous transaction. */
export type TableStorage = Pick<DurableObjectStorage, "sql" | "transactionSync">;

interface Statement {
  all(...params: unknown[]): Record<string, SqlStorageValue>[];
}
interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): void;
}
interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
  emitWarning(...args: unknown[]): void;
}

/** Node's SQLite, loaded without its "experimental" warning (this is a test backend). */
function openDatabase(): Database {
  const process = (globalThis as { process?: NodeProcess }).process;
  if (!process?.getBuiltinModule) {
    throw new Error("ImmediateBackend runs in Node 22.13 or later (node:sqlite); in workerd, test through the Worker (SELF)");
  }
  const emitWarning = process.emitWarning;
  process.emitWarning = (warning: unknown, ...rest: unknown[]) => {
    if (!String(warning).includes("SQLite is an experimental feature")) emitWarning.call(process, warning, ...rest);
  };
  try {
    const sqlite = process.getBuiltinModule("node:sqlite") as { DatabaseSync: new (path: string) => Database };
    return new sqlite.DatabaseSync(":memory:");
  } finally {
    process.emitWarning = emitWarning;
  }
}

export function memoryStorage(): TableStorage {
  const db = openDatabase();
  let depth = 0;
  const sql = {
    exec(query: string, ...bindings: unknown[]) {
      const rows = db.prepare(query).all(...bindings);
      return {
        toArray: () => rows,
        one: () => {
          if (rows.length !== 1) throw new Error(`Expected exactly one row, got ${rows.length}`);
          return rows[0];
        },
        [Symbol.iterator]: () => rows[Symbol.iterator](),
      };
    },
  };
  return {
    sql: sql as unknown as SqlStorage,
    transactionSync<T>(closure: () => T): T {
      // Savepoints nest, as the storage's transactions do.
      const name = `t${depth++}`;
      db.exec(`SAVEPOINT ${name}`);
      try {
        const result = closure();
        db.exec(`RELEASE ${name}`);
        return result;
      } catch (error) {
        db.exec(`ROLLBACK TO ${name}`);
        db.exec(`RELEASE ${name}`);
        throw error;
      } finally {
        depth--;
      }
    },
  };
}
