/**
 * What Cloudflare would bill, counted inside workerd's test runner, where the tests, the Worker,
 * the queue consumer and every Durable Object share one isolate, so wrapping a prototype sees
 * everyone's calls (the approach of test/worker/support/hop-tracer.ts):
 * - Durable Object requests: every call through a stub (the hop tracer records them), plus each
 *   alarm the objects run;
 * - SQLite rows: the `rowsRead`/`rowsWritten` of every cursor `SqlStorage.exec` returns, plus
 *   the storage calls billed as rows (`setAlarm`: one row written; `deleteAll`: the rows it
 *   deletes, "deletes are counted as rows written");
 * - queue operations: messages sent (one write per 64 KB each); each delivery read (the consumer
 *   starts every message it is given with the store's `claim`, or `deadLetter` on the dead-letter
 *   queue, so those calls are the deliveries), and each message deleted once (acknowledged);
 *   a token delivered again is a retry, read again;
 * - Worker requests: a queue consumer invocation per delivery (the most there can be: a batch of
 *   several messages is one invocation; the hook's own request is the caller's to count);
 * - the time each object was busy (running a call, or holding work it waits on: a timer, a
 *   send), the base of its duration charge.
 * Test and benchmark code only: src/ never knows.
 */
import type { TracedCall } from "../../test/worker/support/hop-tracer";
import type { Usage } from "./cost-usage";

/** A Durable Object's state, its storage and SQL, as the runtime hands them to an object. */
interface Prototypes {
  state: object;
  storage: object;
  sql: object;
}

type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Queues bill each 64 KB (of 1,000 bytes) of a message, with ~100 bytes of metadata, as one operation. */
const QUEUE_OP_BYTES = 64_000;
const QUEUE_METADATA_BYTES = 100;

const encoder = new TextEncoder();
const TOP_STATEMENTS = 5;

/**
 * Starts counting. `calls()` are the hop tracer's calls from a mark on; `nameOf` names an object
 * from its id ("session store", "team store", "team index"); `classes` are the Durable Object
 * classes (for alarms, busy time and the consumer's claims).
 */
export function meterCosts(options: {
  prototypes: Prototypes;
  classes: Record<string, { prototype: object }>;
  queue: object;
  nameOf: (id: DurableObjectId) => string;
}) {
  let usage = empty();
  /** Off while the benchmark itself reads or changes an object (its own work is not billed work). */
  let counting = true;
  const cursors: { sql: string; cursor: SqlStorageCursor<Record<string, SqlStorageValue>> }[] = [];
  /** Per object id: work under way, and since when. */
  const busy = new Map<string, { kind: string; open: number; since: number }>();
  let lastEvent = Date.now();
  /** Runs claimed and not yet recorded (complete or fail): a task under way. */
  let runsUnderWay = 0;
  /** Queue operations of each message sent, by its token; the tokens delivered so far. */
  const opsByToken = new Map<string, number>();
  const delivered = new Set<string>();
  const touch = () => {
    lastEvent = Date.now();
  };

  function begin(id: DurableObjectId): () => void {
    const key = id.toString();
    let entry = busy.get(key);
    if (!entry) busy.set(key, (entry = { kind: options.nameOf(id), open: 0, since: 0 }));
    if (entry.open++ === 0) entry.since = Date.now();
    touch();
    return () => {
      if (--entry.open === 0 && counting) usage.busyMs[entry.kind] = (usage.busyMs[entry.kind] ?? 0) + (Date.now() - entry.since);
      touch();
    };
  }

  /** `end` once `result` (a promise or not) has settled. */
  function after(result: unknown, end: () => void): unknown {
    if (result instanceof Promise) {
      result.then(end, end);
      return result;
    }
    end();
    return result;
  }

  // SQL: every cursor, read once the work is over (a cursor counts the rows as they are read).
  const sql = options.prototypes.sql as { exec: Method };
  const exec = sql.exec;
  sql.exec = function (this: unknown, ...args: unknown[]) {
    const cursor = exec.apply(this, args) as SqlStorageCursor<Record<string, SqlStorageValue>>;
    if (counting) cursors.push({ sql: String(args[0]), cursor });
    touch();
    return cursor;
  };
  /** Rows in the object's own tables, read without being counted. */
  const rowsHeld = (store: SqlStorage): number => {
    const tables = exec.call(
      store,
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%'",
    ) as SqlStorageCursor<{ name: string }>;
    let rows = 0;
    for (const { name } of tables.toArray()) {
      rows += (exec.call(store, `SELECT count(*) AS n FROM "${name}"`) as SqlStorageCursor<{ n: number }>).one().n;
    }
    return rows;
  };

  // Storage calls billed as rows (Durable Objects pricing, SQLite storage backend).
  const storage = options.prototypes.storage as Record<string, Method>;
  const billedRows: Record<string, (self: { sql: SqlStorage }) => { read: number; written: number }> = {
    setAlarm: () => ({ read: 0, written: 1 }),
    // Not priced on the page: counted as the row it changes, and a read, to err on the high side.
    deleteAlarm: () => ({ read: 0, written: 1 }),
    getAlarm: () => ({ read: 1, written: 0 }),
    deleteAll: (self) => ({ read: 0, written: rowsHeld(self.sql) }),
  };
  for (const [name, rows] of Object.entries(billedRows)) {
    const original = storage[name]!;
    storage[name] = function (this: unknown, ...args: unknown[]) {
      if (counting) {
        const billed = rows(this as { sql: SqlStorage });
        usage.rowsRead += billed.read;
        usage.rowsWritten += billed.written;
        usage.storageCalls[name] = (usage.storageCalls[name] ?? 0) + 1;
      }
      touch();
      return original.apply(this, args);
    };
  }

  // Busy time: each method an object runs, and the work it hands to waitUntil or blockConcurrencyWhile.
  for (const cls of Object.values(options.classes)) {
    const proto = cls.prototype as Record<string, unknown>;
    for (const name of Object.getOwnPropertyNames(proto)) {
      const method = Object.getOwnPropertyDescriptor(proto, name)?.value as Method | undefined;
      if (name === "constructor" || typeof method !== "function") continue;
      proto[name] = function (this: { ctx: DurableObjectState }, ...args: unknown[]) {
        if (name === "alarm" && counting) {
          const kind = options.nameOf(this.ctx.id);
          usage.alarms[kind] = (usage.alarms[kind] ?? 0) + 1;
        }
        const end = begin(this.ctx.id);
        const result = method.apply(this, args);
        consumerSide(name, args, result);
        return after(result, end);
      };
    }
  }
  const state = options.prototypes.state as Record<string, (this: { id: DurableObjectId }, ...args: unknown[]) => unknown>;
  for (const name of ["waitUntil", "blockConcurrencyWhile"]) {
    const original = state[name]!;
    state[name] = function (this: { id: DurableObjectId }, ...args: unknown[]) {
      const end = begin(this.id);
      if (name === "waitUntil") {
        after(args[0], end);
        return original.apply(this, args);
      }
      return after(original.apply(this, args), end);
    };
  }

  // Queue: messages sent.
  const producer = options.queue as Record<string, Method>;
  const countSent = (bodies: unknown[]) => {
    touch();
    if (!counting) return;
    for (const body of bodies) {
      const ops = queueOps(body);
      opsByToken.set((body as { token?: string }).token ?? "", ops);
      usage.queue.sent++;
      usage.queue.writeOps += ops;
    }
  };
  const send = producer.send!;
  producer.send = function (this: unknown, ...args: unknown[]) {
    countSent([args[0]]);
    return send.apply(this, args);
  };
  const sendBatch = producer.sendBatch!;
  producer.sendBatch = function (this: unknown, ...args: unknown[]) {
    countSent((args[0] as { body: unknown }[]).map((message) => message.body));
    return sendBatch.apply(this, args);
  };

  /**
   * The consumer's side, seen at the store: a delivery begins with `claim` (or `deadLetter`); a
   * run claimed is under way until `complete` or `fail` records it.
   */
  function consumerSide(method: string, args: unknown[], result: unknown): void {
    if (method === "claim" || method === "deadLetter") {
      touch();
      const token = args[0] as string;
      const ops = opsByToken.get(token) ?? 1;
      if (counting) {
        usage.consumerInvocations++;
        usage.queue.delivered++;
        usage.queue.readOps += ops;
        if (delivered.has(token)) usage.queue.retried++;
        else {
          usage.queue.acked++;
          usage.queue.deleteOps += ops;
        }
      }
      delivered.add(token);
      if (method === "claim") {
        void Promise.resolve(result).then((claim) => {
          if (claim) runsUnderWay++;
        });
      }
    }
    if (method === "complete" || method === "fail") runsUnderWay = Math.max(0, runsUnderWay - 1);
  }

  return {
    /** What was counted since the last `take`, and a fresh start. */
    take(traced: TracedCall[]): Usage {
      const taken = usage;
      usage = empty();
      const byStatement = new Map<string, Usage["topStatements"][number]>();
      for (const { sql, cursor } of cursors.splice(0)) {
        taken.rowsRead += cursor.rowsRead;
        taken.rowsWritten += cursor.rowsWritten;
        const key = sql.replace(/\s+/g, " ").trim();
        const entry = byStatement.get(key) ?? { sql: key, runs: 0, rowsRead: 0, rowsWritten: 0 };
        entry.runs++;
        entry.rowsRead += cursor.rowsRead;
        entry.rowsWritten += cursor.rowsWritten;
        byStatement.set(key, entry);
      }
      taken.topStatements = [...byStatement.values()]
        .sort((a, b) => b.rowsRead + b.rowsWritten - (a.rowsRead + a.rowsWritten))
        .slice(0, TOP_STATEMENTS);
      for (const call of traced) taken.calls[`${call.object}.${call.method}`] = (taken.calls[`${call.object}.${call.method}`] ?? 0) + 1;
      return taken;
    },
    /** Runs `work` uncounted: the benchmark's own reads and changes. */
    async uncounted<T>(work: () => Promise<T>): Promise<T> {
      counting = false;
      try {
        return await work();
      } finally {
        counting = true;
      }
    },
    /** Whether nothing is under way: no object busy, no task running. */
    idle(): boolean {
      return [...busy.values()].every((entry) => entry.open === 0) && runsUnderWay === 0;
    },
    /** When anything last happened. */
    lastEvent: () => lastEvent,
  };
}

function empty(): Usage {
  return {
    calls: {},
    alarms: {},
    rowsRead: 0,
    rowsWritten: 0,
    topStatements: [],
    storageCalls: {},
    queue: { sent: 0, writeOps: 0, delivered: 0, readOps: 0, acked: 0, deleteOps: 0, retried: 0 },
    consumerInvocations: 0,
    busyMs: {},
  };
}

/** Operations one write, read or delete of a message costs. */
function queueOps(body: unknown): number {
  const bytes = encoder.encode(JSON.stringify(body)).byteLength + QUEUE_METADATA_BYTES;
  return Math.ceil(bytes / QUEUE_OP_BYTES);
}
