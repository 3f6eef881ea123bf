// What our hooks cost as the real Claude Code measures them: `claude -p` doing the Quick Start
// turn (a prompt, a Write, an answer: UserPromptSubmit, PreToolUse and Stop hooks), with the
// default app's hooks as our own `install` writes them, over HTTP and as the command shim,
// against the floors: the very same settings pointed at a Worker that answers {} under the same
// local runtime (a second `wrangler dev` started the same way: the runtime's own floor), at a
// Node server that answers {} at once, and at commands that do nothing. Runs are paired (every
// setup once per round, in turn), on a new session each time (cold: the first hooks create the
// session's store) and on a resumed one (warm). Per-hook times are Claude Code's own, from its
// debug file. The machine's load is noted each round. Run: npm run bench:claude-code
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { loadavg } from "node:os";
import { join } from "node:path";
import { pathWithShim, removeCreatedDirs, runCli } from "../test/client/cli.ts";
import { type ClaudeRun, hookTimings, hookTrouble, type Machine, newMachine, runClaude } from "../test/claude-code/support/claude.ts";
import { MESSAGES_API_KEY, startMessagesApi } from "../test/claude-code/support/messages-api.ts";
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER, EMPTY_HOOKS_WORKER } from "./support/deployed-worker.ts";
import { printTable, summarize, writeResult } from "./support/stats.ts";

const TOKEN = "bench-claude-code-token-0";
const ROUNDS = Number(process.env.BENCH_RUNS ?? 12);

const binary = execFileSync(process.execPath, ["scripts/claude-code.mjs"], {
  encoding: "utf8",
  stdio: ["ignore", "pipe", "inherit"],
}).trim();
execFileSync(process.execPath, ["scripts/build-client.mjs"], { stdio: "inherit" });
const worker = await startLocalWorker({ [TOKEN]: { team: "bench", member: "bench" } }, {}, DEPLOYED_WORKER);
const workerUrl = worker.url.origin;
// The runtime's floor: the same `wrangler dev`, a Worker that answers {} and does nothing else.
const emptyWorker = await startLocalWorker({ [TOKEN]: { team: "bench", member: "bench" } }, {}, EMPTY_HOOKS_WORKER);
const emptyWorkerUrl = emptyWorker.url.origin;
const api = await startMessagesApi();
// The floor of an HTTP hook: answers {} the moment the request has arrived.
const floorServer = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json", "content-length": "2" }).end("{}"));
});
await new Promise<void>((resolve) => floorServer.listen(0, "127.0.0.1", resolve));
const floorUrl = `http://127.0.0.1:${(floorServer.address() as { port: number }).port}`;
// Command hooks start `fasthooks-workers hook` from PATH, where a member's `npm install -g` puts it.
const hooksPath = pathWithShim();

interface Setup {
  name: string;
  machine: Machine;
}

/** A machine whose project has our hooks, then `rewrite` applied to its settings file. */
async function setUp(name: string, installArgs: string[], rewrite: (settings: string) => string = (s) => s): Promise<Setup> {
  const machine = newMachine(`bench-${name.replace(/\W+/g, "-")}`);
  const install = await runCli(["install", ...installArgs], {
    env: { HOME: machine.home, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: TOKEN, CLAUDE_PROJECT_DIR: machine.project },
    cwd: machine.project,
  });
  if (install.code !== 0) throw new Error(`install failed: ${install.stderr}`);
  const path = join(machine.project, ".claude", "settings.json");
  writeFileSync(path, rewrite(readFileSync(path, "utf8")));
  return { name, machine };
}

const shimCommand = (settings: string) => JSON.parse(settings).hooks.Stop[0].hooks[0].command as string;
const replaceCommand = (by: string) => (settings: string) => settings.replaceAll(JSON.stringify(shimCommand(settings)), JSON.stringify(by));

const WORKER_FLOOR = "floor, http: a Worker answering {} (wrangler dev)";
const SERVER_FLOOR = "floor, http: Node server answering {}";

const setups = [
  await setUp("ours, http", []),
  await setUp(WORKER_FLOOR, [], (s) => s.replaceAll(workerUrl, emptyWorkerUrl)),
  await setUp(SERVER_FLOOR, [], (s) => s.replaceAll(workerUrl, floorUrl)),
  await setUp("ours, command (shim)", ["--mode", "command"]),
  await setUp('floor, command `node -e ""`', ["--mode", "command"], replaceCommand('node -e ""')),
  await setUp("floor, command `true`", ["--mode", "command"], replaceCommand("true")),
];

let turn = 0;
/** The Quick Start turn: the model writes a new file, then answers. */
function quickStart(setup: Setup, resume?: string): Promise<ClaudeRun> {
  const tag = `bench-${++turn}`;
  api.script(tag, [
    { toolUse: { name: "Write", input: { file_path: join(setup.machine.project, `file${turn}.rb`), content: `puts ${turn}\n` } } },
    { text: "Written." },
  ]);
  return runClaude({
    binary,
    machine: setup.machine,
    prompt: `[cc:${tag}] Write a file`,
    apiUrl: api.url,
    apiKey: MESSAGES_API_KEY,
    env: { PATH: hooksPath, FASTHOOKS_URL: workerUrl, FASTHOOKS_TOKEN: TOKEN },
    ...(resume ? { resume } : {}),
  });
}

/** One `claude -p` run: its wall time, and each hook event's time (the mean when it ran several hooks). */
interface Sample {
  wall: number;
  hooks: Record<string, number>;
}

/** Samples by setup, in round order: the i-th of each setup ran in the same round. */
const phases = { cold: new Map<string, Sample[]>(), warm: new Map<string, Sample[]>() };
const troubles: string[] = [];
/** The machine's 1-minute load average at the end of each round: the machine is shared. */
const loads: number[] = [];

function record(phase: keyof typeof phases, setup: Setup, run: ClaudeRun): void {
  if (run.code !== 0) throw new Error(`${setup.name}: claude exited ${run.code}: ${run.stderr}`);
  // A do-nothing command prints nothing, which Claude Code notes ("does not start with {"): only ours count.
  if (setup.name.startsWith("ours")) troubles.push(...hookTrouble(run).map((line) => `${setup.name}: ${line}`));
  const byEvent: Record<string, number[]> = {};
  for (const { hook, ms } of hookTimings(run)) (byEvent[hook.split(":")[0]!] ??= []).push(ms);
  const hooks = Object.fromEntries(Object.entries(byEvent).map(([event, ms]) => [event, ms.reduce((a, b) => a + b, 0) / ms.length]));
  phases[phase].set(setup.name, [...(phases[phase].get(setup.name) ?? []), { wall: run.wallMs, hooks }]);
}

try {
  // One unmeasured run each: Claude Code's and the Worker's first-run costs are not what is measured.
  const sessions = new Map<string, string>();
  for (const setup of setups) sessions.set(setup.name, (await quickStart(setup)).sessionId!);
  for (let round = 0; round < ROUNDS; round++) {
    // Each round in a turned order, so no setup always follows the same one.
    const order = setups.map((_, i) => setups[(i + round) % setups.length]!);
    for (const setup of order) record("cold", setup, await quickStart(setup));
    for (const setup of order) record("warm", setup, await quickStart(setup, sessions.get(setup.name)));
    loads.push(loadavg()[0]!);
    process.stderr.write(`round ${round + 1}/${ROUNDS}, load ${loads.at(-1)!.toFixed(2)}\n`);
  }

  const results: Record<string, unknown> = {};
  const median = (xs: number[]) => (xs.length ? summarize(xs).p50 : Number.NaN);
  const column = (samples: Sample[], pick: (s: Sample) => number | undefined) =>
    samples.map(pick).filter((x): x is number => x !== undefined);
  for (const [phase, bySetup] of Object.entries(phases)) {
    const events = [...new Set([...bySetup.values()].flatMap((samples) => samples.flatMap((s) => Object.keys(s.hooks))))];
    const rows = [...bySetup].map(([name, samples]) => ({
      setup: name,
      "claude -p wall p50": median(column(samples, (s) => s.wall)),
      ...Object.fromEntries(events.map((event) => [`${event} p50`, median(column(samples, (s) => s.hooks[event]))])),
    }));
    printTable(`${phase}: ms, medians of ${ROUNDS} paired runs`, rows);
    /** Ours against a floor: wall ratios, and per hook the median of the paired differences. */
    const compare = (ours: string, floor: string) => {
      const a = bySetup.get(ours)!;
      const b = bySetup.get(floor)!;
      const paired = (pick: (s: Sample) => number | undefined, combine: (x: number, y: number) => number) =>
        a.flatMap((sample, i) => {
          const x = pick(sample);
          const y = pick(b[i]!);
          return x === undefined || y === undefined ? [] : [combine(x, y)];
        });
      const wall = (sample: Sample) => sample.wall;
      const ratio = (x: number, y: number) => x / y;
      const minus = (x: number, y: number) => x - y;
      return {
        "wall ratio (medians)": round2(median(column(a, wall)) / median(column(b, wall))),
        "wall ratio (paired)": round2(median(paired(wall, ratio))),
        ...Object.fromEntries(
          events.map((event) => [`${event} +ms (paired)`, round2(median(paired((sample) => sample.hooks[event], minus)))]),
        ),
      };
    };
    const comparisons = {
      "http vs {} Worker": compare("ours, http", WORKER_FLOOR),
      "http vs {} server": compare("ours, http", SERVER_FLOOR),
      "{} Worker vs {} server": compare(WORKER_FLOOR, SERVER_FLOOR),
      'shim vs node -e ""': compare("ours, command (shim)", 'floor, command `node -e ""`'),
      "shim vs true": compare("ours, command (shim)", "floor, command `true`"),
    };
    printTable(
      `${phase}: ours against the floors (ratios of wall time; per hook, the median of paired differences in ms)`,
      Object.entries(comparisons).map(([what, r]) => ({ what, ...r })),
    );
    const overFloor = comparisons["http vs {} Worker"] as Record<string, number>;
    const perHook = Object.fromEntries(events.map((event) => [event, overFloor[`${event} +ms (paired)`]!]));
    console.log(
      `${phase}: each hook within 5 ms of the {} Worker: ${Object.entries(perHook)
        .map(([event, ms]) => `${event} ${ms >= 0 ? "+" : ""}${ms} ms ${ms <= 5 ? "met" : "not met"}`)
        .join(", ")}`,
    );
    results[phase] = {
      setups: Object.fromEntries(
        [...bySetup].map(([name, samples]) => [
          name,
          {
            wall: summarize(column(samples, (s) => s.wall)),
            hooks: Object.fromEntries(events.map((event) => [event, summarize(column(samples, (s) => s.hooks[event]))])),
          },
        ]),
      ),
      comparisons,
      hooksOverWorkerFloorMs: perHook,
    };
  }
  if (troubles.length) console.log(`\nClaude Code reported trouble with hooks:\n${troubles.join("\n")}`);
  console.log(
    `written to ${writeResult("claude-code", {
      rounds: ROUNDS,
      claudeCode: versionOf(binary),
      loadAverage1m: { min: Math.min(...loads), max: Math.max(...loads), byRound: loads },
      results,
      hookTrouble: troubles,
    })}`,
  );
} finally {
  for (const setup of setups) setup.machine.dispose();
  removeCreatedDirs();
  floorServer.close();
  await api.close();
  await worker.dispose();
  await emptyWorker.dispose();
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function versionOf(path: string): string {
  return execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
}
