// A simulated team of 1,000 members, inside workerd: what each hook costs in calls to Durable
// Objects, how large the team index and its pages get, what a retention change costs, how a
// change reaches 1,000 open pages, and what a session with large results costs to read. Prints
// figures and the load each object would take at 1,000 members; asserts only that the work done
// is the work asked (every page read, every socket reached).
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { MockEvent } from "../src/testing";
import { migrate, SESSION_STORE_SCHEMA } from "../src/store/schema";
import { sessionStore, teamIndex } from "../src/store/names";
import { SessionStore, SETTINGS_MAX_AGE_MS } from "../src/store/session-store";
import { LIVE_FLUSH_MS, TeamIndex } from "../src/store/team-index";
import { LEASE, LIMITS } from "../src/tasks/limits";
import { TEAM_SCOPE } from "../src/tasks/tasks";
import { byObject, countCalls, since } from "./support/rpc-counter";
import { BENCH_TEAM, memberToken } from "./support/team";

declare module "vitest" {
  // biome-ignore lint/suspicious/noExportsInTest: a type augmentation of vitest, not an export of the test
  export interface ProvidedContext {
    resultsSink: string;
  }
}

const MEMBERS = 1000;
const SESSIONS_PER_MEMBER = 5;
/** Cloudflare's limits the figures are held against. */
const CLOUDFLARE = {
  subrequestsFree: 50,
  subrequestsPaid: 10_000,
  rpcBytes: 32 * 2 ** 20,
  requestsPerSecondPerObject: 1000,
};

const encoder = new TextEncoder();
const bytesOf = (value: unknown) => encoder.encode(typeof value === "string" ? value : JSON.stringify(value)).byteLength;
const kib = (n: number) => `${Math.round(n / 1024)} KiB`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Which object a call reached: a session's store, the team store, or the team index. */
function objectOf(instance: unknown, className: string): string {
  if (className === "TeamIndex") return "team index";
  const name = (instance as { ctx: DurableObjectState }).ctx.id.name;
  const session = name ? (JSON.parse(name) as string[])[1] : undefined;
  return session === TEAM_SCOPE ? "team store" : "session store";
}

const calls = countCalls({ SessionStore, TeamIndex }, objectOf);

async function post(path: string, token: string, body: unknown, method = "POST") {
  const res = await SELF.fetch(`http://bench.test${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text() };
}

async function get(path: string, token = memberToken(1)) {
  const start = performance.now();
  const res = await SELF.fetch(`http://bench.test${path}`, { headers: { authorization: `Bearer ${token}` } });
  const text = await res.text();
  return { status: res.status, text, ms: performance.now() - start, bytes: encoder.encode(text).byteLength };
}

async function report(name: string, data: unknown) {
  await fetch(inject("resultsSink"), { method: "POST", body: JSON.stringify({ name, data }) });
}

// --- 1. what each hook of the default app costs -------------------------------------------

interface HookCost {
  hook: string;
  ms: number;
  /** Calls objects received while the hook was answered (by "object.method"). */
  duringHook: Record<string, number>;
  /** Calls it caused after its answer: activity, counts, settings, and the runs of what it added. */
  afterwards: Record<string, number>;
}

async function hookCosts(): Promise<HookCost[]> {
  const session = `bench-hooks-${Date.now().toString(36)}`;
  const steps: [string, object, number][] = [
    ["PreToolUse Bash (a policy, no store)", MockEvent.bash("ls", { session_id: session }), 1000],
    [
      "PreToolUse Write of a .py file (analysis + team review)",
      MockEvent.write("/p/area.py", "def area(r):\n    return 3.14 * r * r\n", { session_id: session }),
      4000,
    ],
    ["UserPromptSubmit (an analysis and a review ready)", MockEvent.userPromptSubmit("next?", { session_id: session }), 1500],
    ["Stop (nothing running)", MockEvent.stop({ session_id: session }), 1500],
    ["UserPromptSubmit (nothing ready)", MockEvent.userPromptSubmit("and now?", { session_id: session }), 1500],
  ];
  const costs: HookCost[] = [];
  for (const [hook, event, settleMs] of steps) {
    calls.reset();
    const start = performance.now();
    const answer = await post("/v1/hooks", memberToken(1), event);
    expect(answer.status).toBe(200);
    const ms = performance.now() - start;
    const during = calls.snapshot();
    await sleep(settleMs);
    costs.push({ hook, ms: round(ms), duringHook: during, afterwards: since(calls.snapshot(), during) });
  }
  return costs;
}

// --- 2. the team index: 1,000 members x 5 sessions ------------------------------------------

async function seedIndex(sessions: number) {
  await runInDurableObject(teamIndex(env.TEAM_INDEX, BENCH_TEAM), (_instance, state) => {
    const now = Date.now();
    state.storage.transactionSync(() => {
      for (let i = 0; i < sessions; i++) {
        const member = `m${String(i % MEMBERS).padStart(4, "0")}`;
        state.storage.sql.exec(
          `INSERT OR REPLACE INTO sessions (session, members, created_at, last_seen_at, counts) VALUES (?, ?, ?, ?, ?)`,
          `${crypto.randomUUID()}`,
          JSON.stringify([member]),
          now - 86_400_000,
          now - i * 1000,
          JSON.stringify({ COMPLETED: 3, RUNNING: 1 }),
        );
      }
    });
  });
}

async function indexFigures() {
  const sessions = MEMBERS * SESSIONS_PER_MEMBER;
  await seedIndex(sessions);
  const firstPages = [];
  for (let i = 0; i < 20; i++) firstPages.push(await get("/v1/sessions"));
  const largest = await get(`/v1/sessions?limit=${LIMITS.indexPageMax}`);
  // Walk every page, as the CLI or a script would.
  let after: string | null = null;
  let pages = 0;
  let walkedBytes = 0;
  let listed = 0;
  const walkStart = performance.now();
  do {
    const page = await get(`/v1/sessions?limit=${LIMITS.indexPageMax}${after ? `&after=${after}` : ""}`);
    const body = JSON.parse(page.text) as { sessions: unknown[]; next: string | null };
    pages++;
    walkedBytes += page.bytes;
    listed += body.sessions.length;
    after = body.next;
  } while (after);
  const walkMs = performance.now() - walkStart;
  expect(listed).toBeGreaterThanOrEqual(sessions);
  const sortedMs = firstPages.map((page) => page.ms).sort((a, b) => a - b);
  const snapshot = await openIndexSocket(memberToken(2));
  const snapshotBytes = bytesOf(snapshot.raw[0]);
  snapshot.socket.close(1000);
  return {
    sessions: listed,
    defaultPage: { sessions: LIMITS.indexPageDefault, bytes: firstPages[0]!.bytes, p50Ms: round(sortedMs[10]!) },
    largestPage: { sessions: LIMITS.indexPageMax, bytes: largest.bytes, ms: round(largest.ms) },
    everyPage: { pages, bytes: walkedBytes, ms: Math.round(walkMs) },
    liveSnapshot: { sessions: LIMITS.liveSnapshotSessions, bytes: snapshotBytes },
  };
}

// --- 3. a retention change ------------------------------------------------------------------

async function retentionFigures(indexedSessions: number) {
  calls.reset();
  const start = performance.now();
  const answer = await post("/v1/team/settings", memberToken(0), { retentionSeconds: 3600 }, "PUT");
  const ms = performance.now() - start;
  expect(answer.status).toBe(200);
  const made = byObject(calls.snapshot());
  await post("/v1/team/settings", memberToken(0), { retentionSeconds: null }, "PUT");
  return {
    indexedSessions,
    ms: round(ms),
    callsMade: made,
    sessionStoresCalled: (made["session store"] ?? 0) + (made["team store"] ?? 0),
    callsBefore: indexedSessions + 1,
    spread: `each store reads the settings at its next use, at most once per ${SETTINGS_MAX_AGE_MS / 1000} s`,
  };
}

// --- 4. one change, 1,000 open pages -----------------------------------------------------------

async function openIndexSocket(token: string) {
  const res = await SELF.fetch("http://bench.test/v1/sessions/events", {
    headers: { Upgrade: "websocket", authorization: `Bearer ${token}` },
  });
  const socket = res.webSocket!;
  // Kept as text and read later: the pages share the objects' isolate here, and parsing every
  // frame as it comes would be counted as the broadcast's time.
  const raw: string[] = [];
  const arrivals: number[] = [];
  socket.addEventListener("message", (event) => {
    raw.push(event.data as string);
    arrivals.push(performance.now());
  });
  socket.accept();
  while (raw.length === 0) await sleep(1);
  return { socket, raw, arrivals, frames: () => raw.map((text) => JSON.parse(text)) };
}

async function fanOutFigures() {
  const openStart = performance.now();
  const pages = [];
  for (let i = 0; i < MEMBERS; i++) pages.push(await openIndexSocket(memberToken(i)));
  const openMs = performance.now() - openStart;
  const index = teamIndex(env.TEAM_INDEX, BENCH_TEAM);
  const open = await runInDurableObject(index, (_instance, state) => state.getWebSockets().length);
  const bursts = [];
  for (const changed of [100, 1000]) bursts.push(await burst(index, pages, changed));
  for (const page of pages) page.socket.close(1000, "bench done");
  const left = await (async () => {
    for (let i = 0; i < 200; i++) {
      const n = await runInDurableObject(index, (_instance, state) => state.getWebSockets().length);
      if (n === 0) return 0;
      await sleep(10);
    }
    return runInDurableObject(index, (_instance, state) => state.getWebSockets().length);
  })();
  return { pagesOpen: open, openAllMs: Math.round(openMs), flushMs: LIVE_FLUSH_MS, bursts, socketsLeftAfterClose: left };
}

type Page = Awaited<ReturnType<typeof openIndexSocket>>;

/** `changed` sessions change within a second: every page gets one frame with all of them. */
async function burst(index: DurableObjectStub<TeamIndex>, pages: Page[], changed: number) {
  for (const page of pages) page.raw.length = page.arrivals.length = 0;
  const burstStart = performance.now();
  await Promise.all(Array.from({ length: changed }, (_, i) => index.report(`burst-${changed}-${i}`, { RUNNING: 1 })));
  const reportedAt = performance.now();
  while (pages.some((page) => page.raw.length === 0)) await sleep(5);
  // A second frame would have come by now if the burst had been split.
  await sleep(LIVE_FLUSH_MS + 200);
  const sessionsHeard = Math.min(...pages.map((page) => page.frames().reduce((n, f) => n + f.sessions.length, 0)));
  expect(sessionsHeard).toBe(changed);
  const firstArrival = Math.min(...pages.map((page) => page.arrivals[0]!));
  const lastArrival = Math.max(...pages.map((page) => page.arrivals[0]!));
  const spreadMs = lastArrival - firstArrival;
  return {
    sessionsChanged: changed,
    framesPerPage: Math.max(...pages.map((page) => page.raw.length)),
    frameBytes: bytesOf(pages[0]!.raw[0]),
    reportsMs: round(reportedAt - burstStart),
    reportsPerSecond: Math.round((changed / (reportedAt - burstStart)) * 1000),
    // From the first page reached to the last: the broadcast (and, in this one isolate, the pages' own reading).
    broadcastMs: round(spreadMs),
    perPageMs: round(spreadMs / pages.length, 3),
  };
}

// --- 5. a session holding 60 results of 900 KB --------------------------------------------------

async function bigSessionFigures() {
  const session = `bench-big-${Date.now().toString(36)}`;
  const store = sessionStore(env.SESSION_STORE, { team: BENCH_TEAM, session });
  const results = 60;
  const value = JSON.stringify("r".repeat(900 * 1024));
  await runInDurableObject(store, (_instance, state) => {
    migrate(state.storage.sql, SESSION_STORE_SCHEMA);
    const now = Date.now();
    state.storage.transactionSync(() => {
      for (let i = 0; i < results; i++) {
        state.storage.sql.exec(
          `INSERT INTO tasks (key, task, args, status, value, priority, ttl_ms, timeout_ms, max_attempts, attempts,
                              created_at, finished_at, ready_at, due_at)
           VALUES (?, 'analyze_code', '[]', 'COMPLETED', ?, 0, 3600000, 1000, 1, 1, ?3, ?3, ?3, ?4)`,
          `result-${i}`,
          value,
          now,
          now + 3_600_000,
        );
      }
    });
  });
  const page = await get(`/v1/sessions/${session}/tasks`);
  let pages = 0;
  let after: string | null = null;
  let largestPageBytes = 0;
  do {
    const next = await get(`/v1/sessions/${session}/tasks${after ? `?after=${after}` : ""}`);
    largestPageBytes = Math.max(largestPageBytes, next.bytes);
    after = (JSON.parse(next.text) as { next: string | null }).next;
    pages++;
  } while (after);
  const keys = await get(`/v1/sessions/${session}/tasks?values=false&limit=1000`);
  const live = await SELF.fetch(`http://bench.test/v1/sessions/${session}/events`, {
    headers: { Upgrade: "websocket", authorization: `Bearer ${memberToken(1)}` },
  });
  const socket = live.webSocket!;
  const first = new Promise<string>((resolve) => socket.addEventListener("message", (event) => resolve(event.data as string)));
  socket.accept();
  const snapshotBytes = encoder.encode(await first).byteLength;
  socket.close(1000);
  calls.reset();
  const prompt = await (async () => {
    const start = performance.now();
    const answer = await post("/v1/hooks", memberToken(1), MockEvent.userPromptSubmit("go on", { session_id: session }));
    return { status: answer.status, ms: round(performance.now() - start), bytes: answer.text.length };
  })();
  return {
    results,
    valueBytes: bytesOf(value),
    everyValueAtOnce: results * bytesOf(value),
    firstPage: { tasks: (JSON.parse(page.text) as { tasks: unknown[] }).tasks.length, bytes: page.bytes, ms: round(page.ms) },
    pages,
    largestPageBytes,
    withoutValues: { bytes: keys.bytes, ms: round(keys.ms) },
    liveSnapshotBytes: snapshotBytes,
    promptHook: { ...prompt, callsMade: calls.snapshot() },
  };
}

// --- 6. the load at 1,000 members, from the measured costs --------------------------------------

/** What a busy member does per minute (an assumption, stated in the output). */
const ACTIVITY_PER_MINUTE: Record<string, number> = {
  "PreToolUse Bash (a policy, no store)": 6,
  "PreToolUse Write of a .py file (analysis + team review)": 2,
  "UserPromptSubmit (an analysis and a review ready)": 1,
  "Stop (nothing running)": 1,
};
/** Modelled apart from the hooks: each is throttled by time, not by hooks. */
const THROTTLED = ["team index.touch", "team index.versionedSettings"];

/**
 * Requests per second each object takes at `members` busy members: the measured calls of each
 * hook times how often a member sends it, plus activity notes (one per 15 s per member and
 * session in an isolate; `touchesPerMinute`) and settings reads (one per store per minute).
 */
function loadAt(members: number, costs: HookCost[], touchesPerMinute: number) {
  // Touches, and each session store's settings read.
  const perMemberPerMinute: Record<string, number> = { "team index": touchesPerMinute + 1 };
  for (const cost of costs) {
    const rate = ACTIVITY_PER_MINUTE[cost.hook] ?? 0;
    const counted = Object.entries({ ...cost.duringHook }).concat(Object.entries(cost.afterwards));
    for (const [id, n] of counted) {
      if (THROTTLED.includes(id)) continue;
      const object = id.slice(0, id.lastIndexOf("."));
      perMemberPerMinute[object] = (perMemberPerMinute[object] ?? 0) + rate * n;
    }
  }
  const perSecond = (object: string) => (perMemberPerMinute[object]! * (object === "session store" ? 1 : members)) / 60;
  return Object.fromEntries(
    Object.keys(perMemberPerMinute).map((object) => {
      // The team store reads the settings once a minute too, whatever the team's size.
      const rps = perSecond(object) + (object === "team index" ? 1 / 60 : 0);
      const perMember = perMemberPerMinute[object]! / 60;
      return [
        object,
        {
          requestsPerSecond: round(rps),
          membersAtLimit: object === "session store" ? null : Math.floor(CLOUDFLARE.requestsPerSecondPerObject / perMember),
        },
      ];
    }),
  );
}

/** The live index: one frame a second to each open page, carrying every session changed that second. */
function fanOutAt(members: number, fanOut: Awaited<ReturnType<typeof fanOutFigures>>, changesPerSecond: number) {
  const [small, large] = fanOut.bursts as [Burst, Burst];
  // Per page, a send costs a fixed part and a part per byte: fitted on the two bursts measured.
  const perByte = (large.perPageMs - small.perPageMs) / (large.frameBytes - small.frameBytes);
  const fixed = small.perPageMs - perByte * small.frameBytes;
  const bytesPerSession = (large.frameBytes - small.frameBytes) / (large.sessionsChanged - small.sessionsChanged);
  const frameBytes = Math.round(changesPerSecond * bytesPerSession);
  const busyMsPerSecond = members * (fixed + perByte * frameBytes);
  return {
    pagesOpen: members,
    changesPerSecond: round(changesPerSecond),
    framesPerSecond: members,
    frameBytes,
    egressBytesPerSecond: members * frameBytes,
    broadcastMsPerSecond: round(busyMsPerSecond),
  };
}

type Burst = Awaited<ReturnType<typeof burst>>;

/** Count reports a busy member's hooks cause per minute (each a change of the index). */
function reportsPerMemberMinute(costs: HookCost[]): number {
  return costs.reduce((sum, cost) => sum + (ACTIVITY_PER_MINUTE[cost.hook] ?? 0) * (cost.afterwards["team index.report"] ?? 0), 0);
}

/**
 * Subrequests of one consumer invocation, a batch of 6 runs: each claims and records (2) and
 * makes its own calls; the leases are renewed once per store every 10 s, however many runs that
 * store has in the batch (6 team reviews: one store; 6 sessions' tasks: six).
 */
function consumerSubrequests() {
  const batch = 6;
  const perBatch = (seconds: number, own: number, stores: number) =>
    batch * (2 + own) + Math.floor(seconds / (LEASE.leaseRenewMs / 1000)) * stores;
  const cases = [
    ["analyze_code (2 s), 6 sessions", 2, 0, 6],
    ["team reviews, 20 s, 1 API call each", 20, 1, 1],
    ["team reviews at their 120 s timeout, 5 turns each", 120, 5, 1],
    ["tasks of 6 sessions at the 840 s timeout, 5 API calls x 5 tries each", 840, 25, 6],
  ] as const;
  return cases.map(([runs, seconds, own, stores]) => ({
    runs,
    subrequests: perBatch(seconds, own, stores),
    free: CLOUDFLARE.subrequestsFree,
    paid: CLOUDFLARE.subrequestsPaid,
  }));
}

it("a team of 1,000 members stays within Cloudflare's limits", async () => {
  const costs = await hookCosts();
  console.log("\n1. calls to Durable Objects per hook (default app), during the hook and after it");
  for (const cost of costs) console.log(JSON.stringify(cost));

  const index = await indexFigures();
  console.log(`\n2. the team index: ${MEMBERS} members x ${SESSIONS_PER_MEMBER} sessions`);
  console.log(JSON.stringify(index));

  const retention = await retentionFigures(index.sessions);
  console.log("\n3. PUT /v1/team/settings with that index");
  console.log(JSON.stringify(retention));

  const fanOut = await fanOutFigures();
  console.log(`\n4. live index: ${MEMBERS} pages open, a burst of changes`);
  console.log(JSON.stringify(fanOut));

  const big = await bigSessionFigures();
  console.log("\n5. a session holding 60 results of 900 KB");
  console.log(JSON.stringify(big));

  const typical = loadAt(MEMBERS, costs, 4);
  const worst = loadAt(MEMBERS, costs, 10);
  console.log(
    `\n6. requests per second per object at ${MEMBERS} busy members (each per minute: ${JSON.stringify(ACTIVITY_PER_MINUTE)}),` +
      " activity noted every 15 s (typical) or at every hook (each on another isolate)",
  );
  console.log(JSON.stringify({ typical, worst }));
  const indexChangesPerSecond = (MEMBERS * (4 + reportsPerMemberMinute(costs))) / 60;
  const live = [1000, 2000, 3000].map((members) => fanOutAt(members, fanOut, (indexChangesPerSecond * members) / MEMBERS));
  console.log("\n   the live index with every member's page open (fitted on the bursts above)");
  for (const row of live) console.log(JSON.stringify(row));
  const load = { typical, worst, live };
  const consumer = consumerSubrequests();
  console.log("\n7. subrequests per queue consumer invocation, a batch of 6 (computed from the calls each run makes)");
  for (const row of consumer) console.log(JSON.stringify(row));
  console.log(
    `\nlargest RPC seen: ${kib(Math.max(index.largestPage.bytes, big.largestPageBytes, big.liveSnapshotBytes))} (limit ${kib(CLOUDFLARE.rpcBytes)})`,
  );

  await report("team-scale", {
    members: MEMBERS,
    limits: CLOUDFLARE,
    activityPerMinute: ACTIVITY_PER_MINUTE,
    hooks: costs,
    index,
    retention,
    fanOut,
    bigSession: big,
    load,
    consumer,
  });
});
