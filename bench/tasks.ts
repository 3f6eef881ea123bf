// Task latency (add -> COMPLETED seen by wait) and throughput (no-op tasks per second), against
// a real local Worker. Run: npm run bench:tasks
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER } from "./support/deployed-worker.ts";
import { printTable, summarize, writeResult } from "./support/stats.ts";

const BENCH_TOKEN = "bench-token-0123456789";
const worker = await startLocalWorker({ [BENCH_TOKEN]: { team: "bench", member: "bench", admin: true } }, {}, DEPLOYED_WORKER);
const headers = { authorization: `Bearer ${BENCH_TOKEN}`, "content-type": "application/json" };

async function call(path: string, init: RequestInit = {}): Promise<any> {
  const res = await fetch(new URL(path, worker.url), { ...init, headers });
  if (!res.ok && res.status !== 408) throw new Error(`${init.method ?? "GET"} ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** Runs `jobs` with at most `limit` in flight. */
async function pool<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: limit }, async () => {
      while (next < jobs.length) {
        const index = next++;
        results[index] = await jobs[index]!();
      }
    }),
  );
  return results;
}

// The session index's counts follow each store's changes: completion without polling every task.
async function untilCompleted(expectations: Map<string, number>): Promise<void> {
  for (;;) {
    const { sessions } = await call("/v1/sessions");
    const done = [...expectations].every(([session, count]) => {
      const summary = sessions.find((s: { session: string }) => s.session === session);
      return (summary?.counts.COMPLETED ?? 0) >= count;
    });
    if (done) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function taskLatency(samples: number) {
  const session = `latency-${Date.now()}`;
  // Warm up the isolate, the store and the queue.
  for (let i = 0; i < 20; i++) {
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: JSON.stringify({ task: "double", args: [i], key: `w${i}` }) });
    await call(`/v1/sessions/${session}/tasks/w${i}/wait?timeout=10`);
  }
  const times: number[] = [];
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    await call(`/v1/sessions/${session}/tasks`, { method: "POST", body: JSON.stringify({ task: "double", args: [i], key: `k${i}` }) });
    const result = await call(`/v1/sessions/${session}/tasks/k${i}/wait?timeout=10`);
    times.push(performance.now() - start);
    if (result.status !== "COMPLETED") throw new Error(`k${i} ended ${result.status}`);
  }
  return summarize(times);
}

async function throughput(sessions: number, perSession: number) {
  const stamp = Date.now();
  const names = Array.from({ length: sessions }, (_, s) => `tp-${stamp}-${s}`);
  const jobs = names.flatMap((session) =>
    Array.from(
      { length: perSession },
      (_, i) => () =>
        call(`/v1/sessions/${session}/tasks`, { method: "POST", body: JSON.stringify({ task: "double", args: [i], key: `k${i}` }) }),
    ),
  );
  const start = performance.now();
  await pool(jobs, 32);
  const added = performance.now();
  await untilCompleted(new Map(names.map((session) => [session, perSession])));
  const end = performance.now();
  const total = sessions * perSession;
  return {
    tasks: total,
    addsPerSecond: Math.round(total / ((added - start) / 1000)),
    completedPerSecond: Math.round(total / ((end - start) / 1000)),
    seconds: Math.round((end - start) / 10) / 100,
  };
}

try {
  const latency = await taskLatency(200);
  const oneSession = await throughput(1, 2000);
  const manySessions = await throughput(100, 20);
  printTable("add -> COMPLETED (observed by wait), no-op task, ms", [{ what: "task latency", ...latency }]);
  printTable("throughput, no-op tasks (32 adds in flight)", [
    { what: "1 session x 2,000", ...oneSession },
    { what: "100 sessions x 20", ...manySessions },
  ]);
  console.log(`written to ${writeResult("tasks", { latency, throughput: { oneSession, manySessions } })}`);
} finally {
  await worker.dispose();
}
