// What a hook and a task cost on Cloudflare, counted: each hook of the Worker as deployed (the
// default app) and each task it starts, run one at a time inside workerd until everything it
// caused has settled, with every billed unit counted (bench/support/cost-meter.ts): Durable
// Object requests and alarms, SQLite rows read and written, queue operations, Worker requests,
// and how long each object was busy. The queue consumer's claims are held (at the stub, before
// they leave) while a hook is measured, so a task's run is counted apart from the hook that
// started it. Later work (a result's expiry, an empty store deleting itself) is run at once,
// its due time brought forward. `npm run bench:cost` prices the counts (bench/cost.ts).
import { env, evictDurableObject, runInDurableObject } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { sessionStoreName } from "../src/store/names";
import { SessionStore } from "../src/store/session-store";
import { TeamIndex } from "../src/store/team-index";
import { TEAM_SCOPE } from "../src/tasks/tasks";
import {
  DEFAULT_APP_HOOKS,
  objectOf,
  pythonFile,
  reviewAnswer,
  reviewKey,
  restScenarioTools,
  restSendHook,
  fresh,
  sessionStart,
  write,
} from "../test/worker/support/default-app-hooks";
import { type TracedCall, traceHops } from "../test/worker/support/hop-tracer";
import { meterCosts } from "./support/cost-meter";
import type { Usage } from "./support/cost-usage";
import { BENCH_TEAM, memberToken } from "./support/team";

const RUNS = 3;
/** Settled: nothing under way and nothing new for this long (the Worker's activity note comes 1 s after a hook). */
const QUIET_MS = 1_500;
const SETTLE_TIMEOUT_MS = 60_000;

type Stub = DurableObjectStub<SessionStore>;
type Namespace = DurableObjectNamespace<SessionStore>;

// Stubs of the benchmark's own, made before the tracer wraps `get`: reading an object is not billed work.
const rawGet = (Object.getPrototypeOf(env.SESSION_STORE) as { get: Namespace["get"] }).get;
const rawStub = (name: string): Stub => rawGet.call(env.SESSION_STORE, env.SESSION_STORE.idFromName(name)) as Stub;
const storeOf = (session: string) => rawStub(sessionStoreName({ team: BENCH_TEAM, session }));

const prototypes = await runInDurableObject(rawStub(sessionStoreName({ team: "cost-probe", session: "probe" })), (_instance, state) => ({
  state: Object.getPrototypeOf(state) as object,
  storage: Object.getPrototypeOf(state.storage) as object,
  sql: Object.getPrototypeOf(state.storage.sql) as object,
}));

const tracer = traceHops(env.SESSION_STORE, objectOf);
const meter = meterCosts({
  prototypes,
  classes: { SessionStore, TeamIndex },
  queue: Object.getPrototypeOf(env.TASK_QUEUE) as object,
  nameOf: kindOf,
});

/** "session store", "team store" or "team index", from an object's name. */
function kindOf(id: DurableObjectId): string {
  const name = id.name ?? "";
  if (!name.startsWith("[")) return "team index";
  return (JSON.parse(name) as string[])[1] === TEAM_SCOPE ? "team store" : "session store";
}

// The queue consumer's claims wait at the stub until their object is opened. A claim waits on a
// timer of its own: a promise resolved from the benchmark's context could not wake it (one
// request's I/O cannot be touched from another's in workerd).
const opened = new Set<string>();
tracer.setGate((object, method) => {
  if (method !== "claim" || opened.has(object)) return undefined;
  return (async () => {
    while (!opened.has(object)) await sleep(20);
  })();
});
const open = (...objects: string[]) => {
  for (const object of objects) opened.add(object);
};
const ALL = ["session store", "team store", "team index"];
const closeAll = () => opened.clear();

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function settle(): Promise<void> {
  const started = Date.now();
  for (;;) {
    await sleep(100);
    if (meter.idle() && Date.now() - meter.lastEvent() >= QUIET_MS) return;
    if (Date.now() - started > SETTLE_TIMEOUT_MS) throw new Error("the work did not settle");
  }
}

// A call counts in the phase in which it ended: a claim held during a hook is its task's.
let mark = tracer.mark();
let unfinished: TracedCall[] = [];
async function phase(work: () => Promise<unknown> = async () => {}): Promise<Usage> {
  await work();
  await settle();
  const calls = [...unfinished, ...tracer.since(mark)];
  mark = tracer.mark();
  unfinished = calls.filter((call) => call.end === undefined);
  return meter.take(calls.filter((call) => call.end !== undefined));
}

const send = restSendHook(memberToken(1));

const tools = restScenarioTools(memberToken(1));

/** A task a hook starts, run once its object is opened. */
interface StartedTask {
  name: string;
  object: string;
  /** The team's key of its result, whose later expiry is counted too. */
  teamKey?: string;
}

interface Scenario {
  name: string;
  prepare(): Promise<{ event: Record<string, unknown>; tasks?: StartedTask[]; cleanup?: () => Promise<void> }>;
}

const fromDefaultApp = (name: string): Scenario => {
  const scenario = DEFAULT_APP_HOOKS.find((hook) => hook.name === name);
  if (!scenario) throw new Error(`no scenario ${name}`);
  return { name, prepare: () => scenario.prepare(send, tools) };
};

/**
 * The Quick Start's Write: analyze_code in the session, a review by Claude (the fake API,
 * answering) in the team's store. `before`: .py files the session wrote first (their tasks
 * done), so that the one measured is not the session's first write, which creates its tables.
 */
const writePython = (before: number): Scenario => ({
  name: before === 0 ? "PreToolUse Write of a .py file, the session's first" : "PreToolUse Write of a .py file, a later one",
  prepare: async () => {
    const tag = fresh("review");
    await tools.script(
      tag,
      Array.from({ length: before + 1 }, () => reviewAnswer("Looks fine: no issues found.")),
    );
    const session = fresh("write");
    for (let i = 0; i < before; i++) {
      const written = await send(write(session, `/home/ada/shop/before${i}.py`, pythonFile(tag)));
      if (written.status !== 200) throw new Error(`write answered ${written.status}`);
    }
    const content = pythonFile(tag);
    return {
      event: write(session, "/home/ada/shop/area.py", content),
      tasks: [
        { name: "analyze_code", object: "session store" },
        { name: "review_code", object: "team store", teamKey: await reviewKey("Python", content) },
      ],
    };
  },
});

/** Every session's first hook: the member's claim on it makes its store's tables. */
const startSession: Scenario = {
  name: "SessionStart, the session's first hook (its store's tables made)",
  prepare: async () => ({ event: sessionStart(fresh("start")) }),
};

/** `scenario` in a session under way: its SessionStart went first (in the set-up, uncounted). */
const underWay = (scenario: Scenario): Scenario => ({
  name: scenario.name,
  prepare: async () => {
    const prepared = await scenario.prepare();
    const started = await send(sessionStart(prepared.event.session_id as string));
    if (started.status !== 200) throw new Error(`SessionStart answered ${started.status}`);
    return prepared;
  },
});

const SCENARIOS: Scenario[] = [
  startSession,
  underWay(fromDefaultApp("UserPromptSubmit, nothing ready")),
  writePython(0),
  writePython(1),
  fromDefaultApp("UserPromptSubmit, a review ready"),
  underWay(fromDefaultApp("Stop")),
  fromDefaultApp("UserPromptSubmit, 20 reviews ready"),
];

/** Runs the alarm the object has set, as the runtime would once it is due: on a new instance. */
async function fireAlarm(stub: Stub): Promise<boolean> {
  await evictDurableObject(stub);
  return runInDurableObject(stub, async (instance, state) => {
    // The runtime takes the alarm off by itself; the benchmark's reading of it is not billed.
    const due = await meter.uncounted(async () => {
      const at = await state.storage.getAlarm();
      if (at !== null) await state.storage.deleteAlarm();
      return at !== null;
    });
    if (due) await (instance as SessionStore).alarm();
    return due;
  });
}

/** Brings the next due time of `stub`'s rows (only `key`'s, if given) to now, uncounted; false when it holds none. */
function bringForward(stub: Stub, key?: string): Promise<boolean> {
  return meter.uncounted(() =>
    runInDurableObject(stub, (_instance, state) => {
      const { sql } = state.storage;
      const hasTasks = sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'tasks'").toArray().length > 0;
      if (!hasTasks) return false;
      const changed =
        key === undefined
          ? sql.exec("UPDATE tasks SET due_at = ?1 WHERE due_at = (SELECT min(due_at) FROM tasks) RETURNING key", Date.now() - 1)
          : sql.exec("UPDATE tasks SET due_at = ?1 WHERE key = ?2 RETURNING key", Date.now() - 1, key);
      return changed.toArray().length > 0;
    }),
  );
}

/** A session's store from here on: each result expires when due, then the empty store deletes itself. */
async function sessionEnd(session: string): Promise<Usage[]> {
  const stub = storeOf(session);
  const steps: Usage[] = [];
  for (let step = 0; step < 10; step++) {
    await bringForward(stub);
    const fired = await fireAlarm(stub);
    const usage = await phase();
    // No alarm set: the runtime would not have woken the object (the benchmark's look was all).
    if (!fired) return steps;
    steps.push(usage);
  }
  throw new Error(`the store of ${session} never stopped setting alarms`);
}

/** A team result's expiry: the team store's alarm once it is due. */
async function teamExpiry(key: string): Promise<Usage> {
  const stub = rawStub(sessionStoreName({ team: BENCH_TEAM, session: TEAM_SCOPE }));
  if (!(await bringForward(stub, key))) throw new Error(`the team store holds no ${key}`);
  await fireAlarm(stub);
  return phase();
}

interface Run {
  hook: Usage;
  tasks: Record<string, Usage>;
  /** Each task's result expiring later in the team's store. */
  expiries: Record<string, Usage>;
  /** The session's store after the hook: its results expire, then it deletes itself. */
  sessionEnd: Usage[];
  /** Anything that settled after the tasks (a scenario's clean-up): not the hook's, kept in sight. */
  after: Usage;
  /** Bytes the session's store holds once its tasks are done (SQLite's own size, billed as stored data). */
  storedBytes: number;
}

it("counts what each hook and task costs", async () => {
  const results: Record<string, Run[]> = {};
  // Warm-up, uncounted: the team's index and store exist before the first hook measured (a team's first hook creates them once).
  open(...ALL);
  await writePython(0)
    .prepare()
    .then(({ event }) => send(event));
  await phase();
  for (const scenario of SCENARIOS) {
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) {
      open(...ALL);
      const { event, tasks = [], cleanup } = await scenario.prepare();
      await phase(); // the set-up, settled and left out
      closeAll();
      const hook = await phase(async () => expect((await send(event)).status).toBe(200));
      const taskRuns: Run["tasks"] = {};
      for (const task of tasks) {
        open(task.object);
        taskRuns[task.name] = await phase();
      }
      open(...ALL);
      await cleanup?.();
      const after = await phase();
      const storedBytes = await meter.uncounted(() =>
        runInDurableObject(storeOf(event.session_id as string), (_instance, state) => state.storage.sql.databaseSize),
      );
      const expiries: Run["expiries"] = {};
      for (const task of tasks) if (task.teamKey) expiries[task.name] = await teamExpiry(task.teamKey);
      const run: Run = { hook, tasks: taskRuns, expiries, sessionEnd: await sessionEnd(event.session_id as string), after, storedBytes };
      runs.push(run);
    }
    results[scenario.name] = runs;
  }
  await fetch(inject("resultsSink"), { method: "POST", body: JSON.stringify({ name: "cost-counts", data: { runs: RUNS, results } }) });
});
