// What our hooks cost as the real Claude Code measures them: `claude -p` doing the Quick Start
// turn (a prompt, a Write, an answer: UserPromptSubmit, PreToolUse and Stop hooks), with the
// default app's hooks as our own `install` writes them, over HTTP and as the command shim,
// against the floor: the very same settings pointed at a local server that answers {} at once,
// and at commands that do nothing. Runs are paired (every setup once per round, in turn), on a
// new session each time (cold: the first hooks create the session's store) and on a resumed one
// (warm). Per-hook times are Claude Code's own, from its debug file. Run: npm run bench:claude-code
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { pathWithShim, removeCreatedDirs, runCli } from "../test/client/cli.ts";
import { type ClaudeRun, hookTimings, hookTrouble, type Machine, newMachine, runClaude } from "../test/claude-code/support/claude.ts";
import { MESSAGES_API_KEY, startMessagesApi } from "../test/claude-code/support/messages-api.ts";
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER } from "./support/deployed-worker.ts";
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

const setups = [
  await setUp("ours, http", []),
  await setUp("floor, http ({} at once)", [], (s) => s.replaceAll(workerUrl, floorUrl)),
  // Not a target, a diagnosis: wrangler's proxy and workerd answering at once (a 404, which Claude
  // Code reports as a non-blocking error), to tell the local runtime's share from our handlers'.
  await setUp("runtime, http (POST /v1/health: 404, no work)", [], (s) => s.replaceAll(`${workerUrl}/v1/hooks`, `${workerUrl}/v1/health`)),
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

interface Samples {
  wall: number[];
  hooks: Record<string, number[]>;
}

const phases = { cold: new Map<string, Samples>(), warm: new Map<string, Samples>() };
const troubles: string[] = [];

function record(phase: keyof typeof phases, setup: Setup, run: ClaudeRun): void {
  if (run.code !== 0) throw new Error(`${setup.name}: claude exited ${run.code}: ${run.stderr}`);
  // A do-nothing command prints nothing, which Claude Code notes ("does not start with {"): only ours count.
  if (setup.name.startsWith("ours")) troubles.push(...hookTrouble(run).map((line) => `${setup.name}: ${line}`));
  const samples = phases[phase].get(setup.name) ?? { wall: [], hooks: {} };
  samples.wall.push(run.wallMs);
  for (const { hook, ms } of hookTimings(run)) (samples.hooks[hook.split(":")[0]!] ??= []).push(ms);
  phases[phase].set(setup.name, samples);
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
    process.stderr.write(`round ${round + 1}/${ROUNDS}\n`);
  }

  const results: Record<string, unknown> = {};
  const median = (xs: number[] | undefined) => (xs?.length ? summarize(xs).p50 : Number.NaN);
  for (const [phase, bySetup] of Object.entries(phases)) {
    const rows = [...bySetup].map(([name, samples]) => ({
      setup: name,
      "claude -p wall p50": median(samples.wall),
      ...Object.fromEntries(Object.entries(samples.hooks).map(([event, ms]) => [`${event} p50`, median(ms)])),
    }));
    printTable(`${phase}: ms, medians of ${ROUNDS} paired runs`, rows);
    const compare = (ours: string, floor: string) => {
      const a = bySetup.get(ours)!;
      const b = bySetup.get(floor)!;
      const pairs = a.wall.map((wall, i) => wall / b.wall[i]!);
      // The default app's Stop handler waits for a running analysis: what the turn would take
      // if its Stop hook cost what the floor's does (an estimate, from the same runs).
      const withoutStopWait = a.wall.map((wall, i) => (wall - a.hooks.Stop![i]! + b.hooks.Stop![i]!) / b.wall[i]!);
      return {
        "wall ratio (medians)": round2(median(a.wall) / median(b.wall)),
        "wall ratio (paired)": round2(median(pairs)),
        "wall ratio if Stop did not wait (estimate)": round2(median(withoutStopWait)),
        ...Object.fromEntries(
          Object.keys(a.hooks).map((event) => [`${event} +ms`, round2(median(a.hooks[event]) - median(b.hooks[event]))]),
        ),
      };
    };
    const comparisons = {
      "http vs {} server": compare("ours, http", "floor, http ({} at once)"),
      "runtime floor vs {} server": compare("runtime, http (POST /v1/health: 404, no work)", "floor, http ({} at once)"),
      'shim vs node -e ""': compare("ours, command (shim)", 'floor, command `node -e ""`'),
      "shim vs true": compare("ours, command (shim)", "floor, command `true`"),
    };
    printTable(
      `${phase}: ours against the floor (ratios of wall time; hook medians, ms over the floor's)`,
      Object.entries(comparisons).map(([what, r]) => ({ what, ...r })),
    );
    results[phase] = {
      setups: Object.fromEntries(
        [...bySetup].map(([name, s]) => [name, { wall: summarize(s.wall), hooks: mapValues(s.hooks, summarize) }]),
      ),
      comparisons,
    };
  }
  if (troubles.length) console.log(`\nClaude Code reported trouble with hooks:\n${troubles.join("\n")}`);
  console.log(
    `written to ${writeResult("claude-code", { rounds: ROUNDS, claudeCode: versionOf(binary), results, hookTrouble: troubles })}`,
  );
} finally {
  for (const setup of setups) setup.machine.dispose();
  removeCreatedDirs();
  floorServer.close();
  await api.close();
  await worker.dispose();
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

function mapValues<T, U>(record: Record<string, T>, fn: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, fn(value)]));
}

function versionOf(path: string): string {
  return execFileSync(path, ["--version"], { encoding: "utf8" }).trim();
}
