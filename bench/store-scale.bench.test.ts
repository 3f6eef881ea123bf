// get/pop latency with 10, 1,000 and 100,000 rows in one session store (it must stay flat),
// and the alarm draining 10,000 expired rows. Prints figures; asserts only that the work done
// is the work asked (every row gone, none read after expiry).
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { z } from "zod";
import { migrate, SESSION_STORE_SCHEMA } from "../src/store/schema";
import { sessionStore } from "../src/store/names";
import { durableBackend } from "../src/store/durable-backend";
import { task } from "../src/tasks/task";
import { Tasks } from "../src/tasks/tasks";

// The bench's own task, not the team's app's (src/app/), which it may have renamed or removed.
const double = task(
  function bench_double(x: number) {
    return x * 2;
  },
  { args: z.tuple([z.number()]) },
);

declare module "vitest" {
  // biome-ignore lint/suspicious/noExportsInTest: a type augmentation of vitest, not an export of the test
  export interface ProvidedContext {
    resultsSink: string;
  }
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 1000) / 1000;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

/** N COMPLETED rows, written straight into the table in one transaction. */
async function seed(session: string, rows: number, dueAt: number) {
  const store = sessionStore(env.SESSION_STORE, { team: "bench", session });
  await runInDurableObject(store, (_instance, state) => {
    migrate(state.storage.sql, SESSION_STORE_SCHEMA);
    state.storage.transactionSync(() => {
      for (let i = 0; i < rows; i++) {
        state.storage.sql.exec(
          `INSERT INTO tasks (key, task, args, status, value, priority, ttl_ms, timeout_ms, max_attempts, attempts,
                              created_at, finished_at, ready_at, due_at)
           VALUES (?, 'bench_double', '[1]', 'COMPLETED', ?, 0, 300000, 1000, 1, 1, ?3, ?3, ?3, ?4)`,
          `k${i}`,
          String(i * 2),
          Date.now(),
          dueAt,
        );
      }
    });
  });
  return store;
}

async function timeCalls(count: number, call: (i: number) => Promise<unknown>) {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await call(i);
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** Adds from inside the Worker (no HTTP), then waits until every task has COMPLETED. */
async function pipeline(sessions: number, perSession: number) {
  const start = performance.now();
  const stamp = Date.now();
  await Promise.all(
    Array.from({ length: sessions }, async (_, s) => {
      const tasks = new Tasks(durableBackend(env.SESSION_STORE, "bench"), { sessionId: `tp-${stamp}-${s}` });
      for (let i = 0; i < perSession; i += 50) {
        await Promise.all(Array.from({ length: Math.min(50, perSession - i) }, (_, j) => tasks.add(double, [i + j], { key: `k${i + j}` })));
      }
      await tasks.waitAll(
        Array.from({ length: perSession }, (_, i) => `k${i}`),
        { timeout: 600 },
      );
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  return {
    tasks: sessions * perSession,
    seconds: Math.round(seconds * 100) / 100,
    completedPerSecond: Math.round((sessions * perSession) / seconds),
  };
}

it("measures the task pipeline without HTTP", async () => {
  const oneSession = await pipeline(1, 2000);
  const manySessions = await pipeline(100, 20);
  console.log("\nno-op tasks added inside the Worker, completed per second");
  console.log(JSON.stringify({ oneSession, manySessions }));
  await fetch(inject("resultsSink"), { method: "POST", body: JSON.stringify({ name: "pipeline", data: { oneSession, manySessions } }) });
});

it("measures the store at scale", async () => {
  const scale: Record<string, unknown>[] = [];
  for (const rows of [10, 1_000, 100_000]) {
    const store = await seed(`scale-${rows}`, rows, Date.now() + 3_600_000);
    const pick = (i: number) => `k${(i * 7919) % rows}`;
    const get = await timeCalls(300, (i) => store.get(pick(i)));
    const pop = await timeCalls(Math.min(300, rows), (i) => store.pop(`k${rows - 1 - i}`));
    scale.push({ rows, "get p50": get.p50, "get p95": get.p95, "pop p50": pop.p50, "pop p95": pop.p95 });
  }

  const expiring = 10_000;
  const store = await seed("expiry", expiring, Date.now() - 1);
  // Expired rows are never read, even before the alarm.
  expect(await store.get("k1")).toBeNull();
  // In the future, so it runs when timed below and not on its own first.
  await runInDurableObject(store, (_instance, state) => state.storage.setAlarm(Date.now() + 60_000));
  const start = performance.now();
  expect(await runDurableObjectAlarm(store)).toBe(true);
  const drainMs = Math.round((performance.now() - start) * 10) / 10;
  const left = await runInDurableObject(
    store,
    (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM tasks").one().n,
  );
  expect(left).toBe(0);

  // workerd's clock moves in whole milliseconds, and only across I/O: figures are coarse.
  console.log("\nstore latency (ms, RPC from the Worker to its Durable Object, in workerd)");
  for (const row of scale) console.log(JSON.stringify(row));
  console.log(`alarm expiry of ${expiring} rows: ${drainMs} ms, ${left} rows left`);
  await fetch(inject("resultsSink"), {
    method: "POST",
    body: JSON.stringify({ name: "store-scale", data: { scale, expiry: { rows: expiring, drainMs, left } } }),
  });
});
