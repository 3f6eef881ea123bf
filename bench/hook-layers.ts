// Where a hook's time goes under the local runtime, layer by layer, each measured from outside
// (inside workerd the clock moves only on I/O): a Worker that answers {} (the runtime's floor),
// the same with one call to a Durable Object that answers {} (the floor of a store's hop), that
// writes a row first, and that writes, calls a second object that writes, and writes again (the
// shape of a Write of a .py file, with nothing of ours in it: bench/support/empty-hooks-worker.ts), our
// Worker answering GET /v1/health (its routing, no store), then our hooks: an event no handler
// takes (the Worker's parsing and auth, one call to the session's store, the app's dispatch),
// Stop, a prompt with nothing ready, a Write of a .rb file (an add), of a .py file the team has
// reviewed (the add, the review found in the team's store, a pointer put in the session's), and
// of a new .py file (the same, but the review is added, and run at once by the queue); a new
// session's first hook (the object made, its tables created) beside the floor of a new object.
// Rounds are interleaved (each layer once per round, in turn) on one keep-alive client; each
// layer's figure is the median of its differences with the floor in the same round.
// Run: npm run bench:layers
import { loadavg } from "node:os";
import { FAKE_ANTHROPIC_KEY } from "../test/fake-anthropic/global-setup.ts";
import { startFakeAnthropic } from "../test/fake-anthropic/server.ts";
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER, EMPTY_HOOKS_WORKER } from "./support/deployed-worker.ts";
import { printTable, summarize, writeResult } from "./support/stats.ts";

const TOKEN = "bench-layers-token-0";
const ROUNDS = Number(process.env.BENCH_RUNS ?? 200);
const tokens = { [TOKEN]: { team: "bench-layers", member: "ada" } };

const fake = await startFakeAnthropic(FAKE_ANTHROPIC_KEY);
const ours = await startLocalWorker(tokens, { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: FAKE_ANTHROPIC_KEY }, DEPLOYED_WORKER);
const floor = await startLocalWorker(tokens, {}, EMPTY_HOOKS_WORKER);

// Each layer has a session of its own: the Writes' reviews are not the prompt's to show.
const run = Date.now().toString(36);
const event = (session: string, hook_event_name: string, fields: Record<string, unknown> = {}) =>
  JSON.stringify({ session_id: `layers-${run}-${session}`, cwd: "/home/ada/shop", permission_mode: "default", hook_event_name, ...fields });
// The reviews the Writes start get an answer from the fake Claude API.
const tag = `layers-${run}`;
await fetch(`${fake.url}/__scenario/${tag}`, {
  method: "POST",
  body: JSON.stringify({
    steps: Array.from({ length: ROUNDS + 50 }, () => ({
      body: {
        id: "msg_layers",
        type: "message",
        role: "assistant",
        model: "claude-sonnet-5",
        content: [{ type: "text", text: "Fine." }],
        stop_reason: "end_turn",
        stop_sequence: null,
        usage: { input_tokens: 100, output_tokens: 5, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    })),
  }),
});
let written = 0;
/**
 * Sessions taken in turn, each again only after its last task has finished (the analysis takes
 * 2 s; a round, about 0.2 s): an add of a task still PENDING or RUNNING under its key adds
 * nothing, and the layer would not time an add.
 */
const POOL = 30;
const turns = new Map<string, number>();
const inTurn = (name: string) => {
  const turn = turns.get(name) ?? 0;
  turns.set(name, turn + 1);
  return `${name}-${turn % POOL}`;
};

/** A PreToolUse Write of `file` in the project, in the session whose turn it is in `pool`. */
const write = (pool: string, file: string, content: string) =>
  event(inTurn(pool), "PreToolUse", {
    tool_name: "Write",
    tool_input: { file_path: `/home/ada/shop/${file}`, content },
    tool_use_id: `toolu_${written++}`,
  });

interface Layer {
  name: string;
  request: () => { url: string; init: RequestInit };
}

const post = (base: URL, path: string, body: () => string) => () => ({
  url: `${base.origin}${path}`,
  init: { method: "POST", headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: body() },
});

const FLOOR = "a Worker answering {} (the floor)";
const layers: Layer[] = [
  { name: FLOOR, request: post(floor.url, "/v1/hooks", () => event("floor", "Stop")) },
  {
    name: "the same, after one call to a Durable Object answering {}",
    request: post(floor.url, "/v1/hooks?store=read", () => event("floor", "Stop")),
  },
  { name: "the same, the object writing a row first", request: post(floor.url, "/v1/hooks?store=write", () => event("floor", "Stop")) },
  {
    name: "the same, the object writing a row, calling a 2nd object that writes one, writing again",
    request: post(floor.url, "/v1/hooks?store=chain", () => event("floor", "Stop")),
  },
  {
    name: "the same, the call to the 2nd object first, then the two rows",
    request: post(floor.url, "/v1/hooks?store=callFirst", () => event("floor", "Stop")),
  },
  {
    name: "the same, a row written by an object made for it (a new session's first hook)",
    request: post(floor.url, "/v1/hooks?store=newObject", () => event("floor", "Stop")),
  },
  { name: "ours: GET /v1/health (routing, no store)", request: () => ({ url: `${ours.url.origin}/v1/health`, init: {} }) },
  {
    name: "ours: an event no handler takes (Notification)",
    request: post(ours.url, "/v1/hooks", () => event("notification", "Notification", { message: "hi" })),
  },
  {
    name: "ours: SessionStart, a new session's first hook (its store's tables made)",
    request: post(ours.url, "/v1/hooks", () => event(`start-${written++}`, "SessionStart", { source: "startup" })),
  },
  { name: "ours: Stop", request: post(ours.url, "/v1/hooks", () => event("stop", "Stop", { stop_hook_active: false })) },
  {
    name: "ours: UserPromptSubmit, nothing ready",
    request: post(ours.url, "/v1/hooks", () => event("prompt", "UserPromptSubmit", { prompt: "and now?" })),
  },
  {
    name: "ours: UserPromptSubmit with search terms (a memory search added)",
    request: post(ours.url, "/v1/hooks", () =>
      event(inTurn("prompt-search"), "UserPromptSubmit", { prompt: `how does area.rb compute the circle's area? (${written++})` }),
    ),
  },
  {
    name: "ours: PreToolUse Write of a .rb file (an add: the analysis)",
    request: post(ours.url, "/v1/hooks", () => write("write-rb", "area.rb", `# ${written}\ndef area(r) = 3.14 * r * r\n`)),
  },
  {
    name: "ours: PreToolUse Write of a .py file the team has reviewed (its review found, nothing added)",
    request: post(ours.url, "/v1/hooks", () =>
      write("write-same", "same.py", `# [fake:${tag}] the same file\ndef area(r):\n    return 3.14 * r * r\n`),
    ),
  },
  {
    name: "ours: PreToolUse Write of a .py file (the same, a review added in the team's store, a pointer put)",
    request: post(ours.url, "/v1/hooks", () =>
      write("write", "area.py", `# [fake:${tag}] ${written}\ndef area(r):\n    return 3.14 * r * r\n`),
    ),
  },
];

async function time(layer: Layer): Promise<number> {
  const { url, init } = layer.request();
  const start = performance.now();
  const res = await fetch(url, init);
  await res.arrayBuffer();
  const ms = performance.now() - start;
  if (res.status !== 200) throw new Error(`${layer.name}: ${res.status}`);
  return ms;
}

const samples = new Map<string, number[]>(layers.map((layer) => [layer.name, []]));
const loads: number[] = [];
try {
  for (let i = 0; i < 20; i++) for (const layer of layers) await time(layer); // warm-up
  for (let round = 0; round < ROUNDS; round++) {
    const order = layers.map((_, i) => layers[(i + round) % layers.length]!);
    for (const layer of order) samples.get(layer.name)!.push(await time(layer));
    if (round % 50 === 0) loads.push(loadavg()[0]!);
  }
  const floorMs = samples.get(FLOOR)!;
  const rows = layers.map((layer) => {
    const ms = samples.get(layer.name)!;
    const over = summarize(ms.map((x, i) => x - floorMs[i]!));
    return { layer: layer.name, "p50 ms": summarize(ms).p50, "p95 ms": summarize(ms).p95, "over the floor, paired p50 ms": over.p50 };
  });
  printTable(`Hook layers, ${ROUNDS} interleaved rounds (load ${loads.map((x) => x.toFixed(1)).join(" ")})`, rows);
  console.log(`written to ${writeResult("hook-layers", { rounds: ROUNDS, loadAverage1m: loads, rows })}`);
} finally {
  await ours.dispose();
  await floor.dispose();
  fake.server.close();
}
