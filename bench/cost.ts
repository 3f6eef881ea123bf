// What a hook and a task cost on Cloudflare, in dollars: the units bench/cost.bench.test.ts
// counted inside workerd (bench/results/cost-counts.json), plus a bound on the Worker's CPU time
// measured here against the real local Worker (the CPU of the whole local runtime per hook, its
// objects and queue included: more than the Worker alone is billed for), priced at Cloudflare's
// published rates (bench/support/cloudflare-prices.ts). Prints the table of docs/cost.md and
// writes bench/results/cost.json. Run: npm run bench:cost (which runs the count first).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { FAKE_ANTHROPIC_KEY } from "../test/fake-anthropic/global-setup.ts";
import { startFakeAnthropic } from "../test/fake-anthropic/server.ts";
import { startLocalWorker } from "../test/support/local-worker.ts";
import type { Usage } from "./support/cost-usage.ts";
import {
  DO_BILLED_GB,
  FREE_DAILY,
  INCLUDED_MONTHLY,
  PAID_SUBSCRIPTION_USD_PER_MONTH,
  PAID_USD,
  PRICES_READ_ON,
  SOURCES,
  STORAGE_DAYS_PER_MONTH,
} from "./support/cloudflare-prices.ts";
import { DEPLOYED_WORKER, EMPTY_HOOKS_WORKER } from "./support/deployed-worker.ts";
import { workerdCpuMs } from "./support/process-cpu.ts";
import { printTable, writeResult } from "./support/stats.ts";

/** Billed units of one piece of work. */
interface Units {
  workerRequests: number;
  /** Bound: the local runtime's CPU per hook, everything included. */
  cpuMs: number;
  doRequests: number;
  doGbSeconds: number;
  rowsRead: number;
  rowsWritten: number;
  queueOperations: number;
}

interface Run {
  hook: Usage;
  tasks: Record<string, Usage>;
  expiries: Record<string, Usage>;
  sessionEnd: Usage[];
  after: Usage;
  storedBytes: number;
}

const counted = JSON.parse(readFileSync("bench/results/cost-counts.json", "utf8")) as { runs: number; results: Record<string, Run[]> };

const HOOKS = {
  sessionStart: "SessionStart, the session's first hook (its store's tables made)",
  promptNothing: "UserPromptSubmit, nothing ready",
  firstWrite: "PreToolUse Write of a .py file, the session's first",
  laterWrite: "PreToolUse Write of a .py file, a later one",
  promptReview: "UserPromptSubmit, a review ready",
  stop: "Stop",
  prompt20: "UserPromptSubmit, 20 reviews ready",
} as const;

const sum = (record: Record<string, number>) => Object.values(record).reduce((a, b) => a + b, 0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

function unitsOf(usage: Usage): Units {
  return {
    workerRequests: usage.consumerInvocations,
    cpuMs: 0,
    doRequests: sum(usage.calls) + sum(usage.alarms),
    doGbSeconds: (sum(usage.busyMs) / 1000) * DO_BILLED_GB,
    rowsRead: usage.rowsRead,
    rowsWritten: usage.rowsWritten,
    queueOperations: usage.queue.writeOps + usage.queue.readOps + usage.queue.deleteOps,
  };
}

const ZERO: Units = { workerRequests: 0, cpuMs: 0, doRequests: 0, doGbSeconds: 0, rowsRead: 0, rowsWritten: 0, queueOperations: 0 };
const KEYS = Object.keys(ZERO) as (keyof Units)[];
const add = (...all: Units[]): Units => Object.fromEntries(KEYS.map((k) => [k, all.reduce((s, u) => s + u[k], 0)])) as unknown as Units;
const scale = (u: Units, by: number): Units => Object.fromEntries(KEYS.map((k) => [k, u[k] * by])) as unknown as Units;
const medianOf = (all: Units[]): Units => Object.fromEntries(KEYS.map((k) => [k, median(all.map((u) => u[k]))])) as unknown as Units;

/**
 * One run split into the hook's own units and each task's. A task's queue side (its message
 * written by the hook, read when the consumer is invoked, which may happen while the hook is
 * measured, then deleted) is the tasks': the hook's and the tasks' queue operations and consumer
 * invocations are shared evenly by the tasks the hook started (one message each).
 */
function split(run: Run): { hook: Units; tasks: Record<string, Units>; sessionEnd: Units } {
  const hook = unitsOf(run.hook);
  const taskNames = Object.keys(run.tasks);
  const queueSide = (u: Units): Units => ({ ...ZERO, workerRequests: u.workerRequests, queueOperations: u.queueOperations });
  const sharedQueueSide = scale(
    add(queueSide(hook), ...taskNames.map((name) => queueSide(unitsOf(run.tasks[name]!)))),
    1 / taskNames.length,
  );
  const tasks = Object.fromEntries(
    taskNames.map((name) => {
      const own = unitsOf(run.tasks[name]!);
      const expiry = run.expiries[name] ? unitsOf(run.expiries[name]!) : ZERO;
      return [name, add({ ...own, workerRequests: 0, queueOperations: 0 }, expiry, sharedQueueSide)];
    }),
  );
  return {
    hook: { ...hook, workerRequests: 1, queueOperations: taskNames.length ? 0 : hook.queueOperations },
    tasks,
    sessionEnd: add(ZERO, ...run.sessionEnd.map(unitsOf)),
  };
}

function medians(name: string) {
  const runs = counted.results[name];
  if (!runs?.length) throw new Error(`no counts for ${name}: run the counting benchmark first`);
  const splits = runs.map(split);
  const taskNames = Object.keys(splits[0]!.tasks);
  return {
    hook: medianOf(splits.map((s) => s.hook)),
    tasks: Object.fromEntries(taskNames.map((t) => [t, medianOf(splits.map((s) => s.tasks[t]!))])),
    sessionEnd: medianOf(splits.map((s) => s.sessionEnd)),
  };
}

// --- the CPU bound, against the real local Worker ---

const TOKEN = "bench-cost-token-0";
const WRITE_WITH_TASKS = `${HOOKS.firstWrite}, with analyze_code and review_code run`;
const WORKER_ALONE = "the Worker's part of a hook: read, parsed, authenticated, refused before its store";
const CPU_N = Number(process.env.BENCH_RUNS ?? 30);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Hook events as Claude Code posts them. */
function hookEvent(session: string, hook_event_name: string, fields: Record<string, unknown> = {}) {
  return { session_id: session, cwd: "/home/ada/shop", permission_mode: "default", hook_event_name, ...fields };
}

/** A client of one local Worker: posts as a member, and times CPU per item of work. */
async function localWorker(entrypoint: string, vars: Record<string, string> = {}) {
  const worker = await startLocalWorker({ [TOKEN]: { team: "bench-cost", member: "ada" } }, vars, entrypoint);
  const base = worker.url.origin;
  let idlePerMs = 0;
  return {
    base,
    dispose: () => worker.dispose(),
    async post(path: string, body: unknown, status = 200): Promise<unknown> {
      const res = await fetch(`${base}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (res.status !== status) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
      return res.json();
    },
    /** What the idle runtime uses, subtracted from every figure after. */
    async calibrate(): Promise<void> {
      const from = workerdCpuMs();
      await sleep(5000);
      idlePerMs = (workerdCpuMs() - from) / 5000;
    },
    /** CPU per item of `work` (of `items`), over its window and `settleMs` after. */
    async cpuPerItem(items: number, work: () => Promise<void>, settleMs: number): Promise<number> {
      const cpu = workerdCpuMs();
      const start = performance.now();
      await work();
      await sleep(settleMs);
      return (workerdCpuMs() - cpu - idlePerMs * (performance.now() - start)) / items;
    },
  };
}

/**
 * CPU per hook of the local runtime (workerd: the Worker, its objects, the queue, and the
 * runtime's own routing), and per request of a Worker that answers `{}` under the same runtime:
 * ours less that floor bounds what the Worker and its objects spend.
 */
async function measureCpu(): Promise<{ ours: Record<string, number>; floorPerRequest: number }> {
  const sessions = (label: string) => Array.from({ length: CPU_N }, (_, i) => `cost-${label}-${Date.now().toString(36)}-${i}`);
  const fake = await startFakeAnthropic(FAKE_ANTHROPIC_KEY);
  const ours: Record<string, number> = {};
  const worker = await localWorker(DEPLOYED_WORKER, { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY });
  try {
    const hook = (session: string, name: string, fields?: Record<string, unknown>) =>
      worker.post("/v1/hooks", hookEvent(session, name, fields));
    // Warm-up: the Worker's code loaded, the team's objects created.
    for (const session of sessions("warm").slice(0, 5)) await hook(session, "UserPromptSubmit", { prompt: "hi" });
    await sleep(3000);
    await worker.calibrate();
    const prompted = sessions("prompt");
    ours[HOOKS.sessionStart] = await worker.cpuPerItem(
      CPU_N,
      async () => {
        for (const session of prompted) await hook(session, "SessionStart", { source: "startup" });
      },
      2000,
    );
    // The prompt and Stop of a session under way: its SessionStart went first.
    ours[HOOKS.promptNothing] = await worker.cpuPerItem(
      CPU_N,
      async () => {
        for (const session of prompted) await hook(session, "UserPromptSubmit", { prompt: "and now?" });
      },
      2000,
    );
    // The Worker's own part: the request read, parsed and authenticated, refused before its store (a bad session id).
    const refusals = CPU_N * 4;
    ours[WORKER_ALONE] = await worker.cpuPerItem(
      refusals,
      async () => {
        for (let i = 0; i < refusals; i++) {
          await worker.post("/v1/hooks", hookEvent("not/a/session", "UserPromptSubmit", { prompt: "and now?" }), 400);
        }
      },
      500,
    );
    ours[HOOKS.stop] = await worker.cpuPerItem(
      CPU_N,
      async () => {
        for (const session of prompted) await hook(session, "Stop", { stop_hook_active: false });
      },
      2000,
    );
    // A Write of a .py file on a new session, with both its tasks run (the review against the fake API).
    const tag = `cost-${Date.now().toString(36)}`;
    await fetch(`${fake.url}/__scenario/${tag}`, {
      method: "POST",
      body: JSON.stringify({ steps: Array.from({ length: CPU_N }, () => ({ body: reviewMessage() })) }),
    });
    const writers = sessions("write");
    // The wait for the analyses is in the window (a request each: counted with the floor's below).
    let trouble: string[] = [];
    ours[WRITE_WITH_TASKS] = await worker.cpuPerItem(
      CPU_N,
      async () => {
        for (const [i, session] of writers.entries()) {
          const content = `# [fake:${tag}] ${session}\ndef area(r):\n    return 3.14 * r * r\n`;
          await hook(session, "PreToolUse", {
            tool_name: "Write",
            tool_input: { file_path: `/home/ada/shop/f${i}.py`, content },
            tool_use_id: `toolu_${i}`,
          });
        }
        trouble = await awaitAnalyses(writers, worker.base);
      },
      2000,
    );
    if (trouble.length > 0) throw new Error(`analyses that did not complete:\n${trouble.join("\n")}`);
    // The next prompt of those sessions: the analysis and the review are ready.
    ours[HOOKS.promptReview] = await worker.cpuPerItem(
      CPU_N,
      async () => {
        for (const session of writers) await hook(session, "UserPromptSubmit", { prompt: "and now?" });
      },
      2000,
    );
  } finally {
    await worker.dispose();
    fake.server.close();
  }
  const floor = await localWorker(EMPTY_HOOKS_WORKER);
  try {
    const requests = CPU_N * 4;
    for (let i = 0; i < 5; i++) await floor.post("/v1/hooks", hookEvent("warm", "Stop"));
    await floor.calibrate();
    const floorPerRequest = await floor.cpuPerItem(
      requests,
      async () => {
        for (let i = 0; i < requests; i++)
          await floor.post("/v1/hooks", hookEvent(`floor-${i}`, "UserPromptSubmit", { prompt: "and now?" }));
      },
      2000,
    );
    return { ours, floorPerRequest };
  } finally {
    await floor.dispose();
  }
}

/** Waits until each session's analysis has finished; the statuses it did not reach COMPLETED with. */
async function awaitAnalyses(sessions: string[], base: string): Promise<string[]> {
  const trouble: string[] = [];
  for (const session of sessions) {
    const res = await fetch(`${base}/v1/sessions/${session}/tasks/analyze_code/wait?timeout=60`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const task = (await res.json()) as { status?: string; error?: unknown };
    if (task.status !== "COMPLETED") trouble.push(`${session}: ${res.status} ${JSON.stringify(task)}`);
  }
  return trouble;
}

function reviewMessage() {
  return {
    id: "msg_cost",
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5",
    content: [{ type: "text", text: "Looks fine: no issues found." }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 100, output_tokens: 20, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
}

// --- dollars, and the Free plan's days ---

/** Dollars per million at Workers Paid's rates beyond what the plan includes. */
function usdPerMillion(u: Units): number {
  return (
    1e6 *
    (u.workerRequests * PAID_USD.workerRequest +
      u.cpuMs * PAID_USD.workerCpuMs +
      u.doRequests * PAID_USD.doRequest +
      u.doGbSeconds * PAID_USD.doGbSecond +
      u.rowsRead * PAID_USD.rowRead +
      u.rowsWritten * PAID_USD.rowWritten +
      u.queueOperations * PAID_USD.queueOperation)
  );
}

/**
 * How many of `u` an allowance covers (`budget`, each amount counting the unit `unitOf` names),
 * and the amount used up first.
 */
function fitsIn<A extends string>(
  u: Units,
  budget: Record<A, number>,
  unitOf: Record<A, keyof Units>,
): { count: number; first: A | "none" } {
  let best: { count: number; first: A | "none" } = { count: Number.POSITIVE_INFINITY, first: "none" };
  for (const [amount, unit] of Object.entries(unitOf) as [A, keyof Units][]) {
    if (u[unit] <= 0) continue;
    const count = Math.floor(budget[amount] / u[unit]);
    if (count < best.count) best = { count, first: amount };
  }
  return best;
}

/** Each of the Free plan's daily limits counts the unit of its own name. */
const FREE_UNIT_OF: Record<keyof typeof FREE_DAILY, keyof Units> = {
  workerRequests: "workerRequests",
  doRequests: "doRequests",
  doGbSeconds: "doGbSeconds",
  rowsRead: "rowsRead",
  rowsWritten: "rowsWritten",
  queueOperations: "queueOperations",
};

/** How many of `u` a day fit in the Free plan, and the limit reached first. */
function freePerDay(u: Units): { perDay: number; firstLimit: string } {
  const { count, first } = fitsIn(u, FREE_DAILY, FREE_UNIT_OF);
  return { perDay: count, firstLimit: first };
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;

const cpu = await measureCpu();
const load = loadavg().map((x) => round(x));
/** Our CPU per hook less the floor's per request: what the Worker and its objects add (the runtime's routing taken out). */
const cpuOf = (key: string) => Math.max(0, (cpu.ours[key] ?? Number.NaN) - (key === WRITE_WITH_TASKS ? 2 : 1) * cpu.floorPerRequest);

const rows: { what: string; units: Units }[] = [];
const withCpu = (units: Units, key: string): Units => ({ ...units, cpuMs: cpuOf(key) });
const sessionStart = medians(HOOKS.sessionStart);
const promptNothing = medians(HOOKS.promptNothing);
const firstWrite = medians(HOOKS.firstWrite);
const laterWrite = medians(HOOKS.laterWrite);
const promptReview = medians(HOOKS.promptReview);
const stop = medians(HOOKS.stop);
const prompt20 = medians(HOOKS.prompt20);

rows.push({ what: `hook: ${HOOKS.sessionStart}`, units: withCpu(sessionStart.hook, HOOKS.sessionStart) });
rows.push({ what: `hook: ${HOOKS.promptNothing}`, units: withCpu(promptNothing.hook, HOOKS.promptNothing) });
// A Write's CPU was measured with its two tasks run: the whole bound goes to the hook.
rows.push({ what: `hook: ${HOOKS.firstWrite}`, units: withCpu(firstWrite.hook, WRITE_WITH_TASKS) });
rows.push({ what: `hook: ${HOOKS.laterWrite}`, units: withCpu(laterWrite.hook, WRITE_WITH_TASKS) });
rows.push({ what: `hook: ${HOOKS.promptReview}`, units: withCpu(promptReview.hook, HOOKS.promptReview) });
rows.push({ what: `hook: ${HOOKS.stop}`, units: withCpu(stop.hook, HOOKS.stop) });
rows.push({ what: `hook: ${HOOKS.prompt20}`, units: withCpu(prompt20.hook, HOOKS.promptReview) });
// A task's CPU is in its Write's figure above (measured together).
for (const [name, units] of Object.entries(laterWrite.tasks)) rows.push({ what: `task: ${name}`, units });
rows.push({ what: "a session's end (results expire, the store deletes itself)", units: firstWrite.sessionEnd });
// A Quick Start turn in a session under way: the prompt picks up the last turn's results, a .py
// file is written (both tasks run), Claude stops.
const hookRow = (name: string) => rows.find((row) => row.what === `hook: ${name}`)!.units;
const turn = add(hookRow(HOOKS.promptReview), hookRow(HOOKS.laterWrite), hookRow(HOOKS.stop), ...Object.values(laterWrite.tasks));
rows.push({ what: "a Quick Start turn: 3 hooks, 2 tasks", units: turn });

const INCLUDED_OF: Record<keyof typeof INCLUDED_MONTHLY, keyof Units> = {
  workerRequests: "workerRequests",
  workerCpuMs: "cpuMs",
  doRequests: "doRequests",
  doGbSeconds: "doGbSeconds",
  rowsRead: "rowsRead",
  rowsWritten: "rowsWritten",
  queueOperations: "queueOperations",
};

/** How many of `u` a month Workers Paid's subscription covers, and the included amount used up first. */
function includedPerMonth(u: Units): { perMonth: number; firstUsedUp: string } {
  const { count, first } = fitsIn(u, INCLUDED_MONTHLY, INCLUDED_OF);
  return { perMonth: count, firstUsedUp: first };
}

// Storage: a session's store, at its largest, counts for a day (each day's peak is billed, averaged over 30 days).
const storedBytes = median(counted.results[HOOKS.laterWrite]!.map((run) => run.storedBytes));
const storageUsdPerMillionSessions = ((1e6 * storedBytes) / 1e9 / STORAGE_DAYS_PER_MONTH) * PAID_USD.storedGbMonth;

const table = rows.map(({ what, units }) => {
  const free = freePerDay(units);
  return {
    what,
    "Worker req": round(units.workerRequests),
    "CPU ms (bound)": round(units.cpuMs, 1),
    "DO req": round(units.doRequests, 1),
    "DO GB-s": round(units.doGbSeconds, 3),
    "rows read": round(units.rowsRead, 1),
    "rows written": round(units.rowsWritten, 1),
    "queue ops": round(units.queueOperations, 1),
    "$ per million": round(usdPerMillion(units)),
    "Free: per day": free.perDay,
    "Free: first limit": free.firstLimit,
  };
});
printTable(`What each costs on Cloudflare (medians of ${counted.runs} counted runs; load ${load.join(" ")})`, table);
console.log(
  `CPU, local runtime, per request over a Worker answering {} (${round(cpu.floorPerRequest, 1)} ms): the Worker's part of a hook ` +
    `${round(cpuOf(WORKER_ALONE), 1)} ms; a whole hook, its objects included, as in the table (a bound on what the Worker is billed).`,
);
const covered = includedPerMonth(turn);
console.log(
  `Workers Paid's $${PAID_SUBSCRIPTION_USD_PER_MONTH} a month covers ${covered.perMonth} Quick Start turns (${covered.firstUsedUp} run out first). ` +
    `A session's store holds ${Math.round(storedBytes / 1024)} KiB: $${round(storageUsdPerMillionSessions)} of storage per million sessions.`,
);
console.log(`Prices read ${PRICES_READ_ON}: ${Object.values(SOURCES).join(", ")}`);

console.log(
  `written to ${writeResult("cost", {
    pricesReadOn: PRICES_READ_ON,
    sources: SOURCES,
    paidUsd: PAID_USD,
    includedMonthly: INCLUDED_MONTHLY,
    subscriptionUsdPerMonth: PAID_SUBSCRIPTION_USD_PER_MONTH,
    freeDaily: FREE_DAILY,
    loadAverage: load,
    cpuMs: { oursPerItem: cpu.ours, floorPerRequest: cpu.floorPerRequest },
    rows: rows.map(({ what, units }) => ({ what, units, usdPerMillion: usdPerMillion(units), free: freePerDay(units) })),
    turnCoveredByPaidPlan: covered,
    sessionStoreBytes: storedBytes,
    storageUsdPerMillionSessions,
  })}`,
);
