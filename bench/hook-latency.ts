// Hook round trip, three ways, against a real local Worker: (a) a request shaped as Claude
// Code's native HTTP hook sends it, (b) the command shim from process start to exit, (c) `node
// -e ""` started the same way, the floor of any Node command hook; and, to tell Node's share of
// (b) from the shim's, the barest Node client that can reach the Worker. Run: npm run bench:hook
import { spawn } from "node:child_process";
import { postOnce } from "../client/src/post.ts";
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER } from "./support/deployed-worker.ts";
import { printTable, type Summary, summarize, writeResult } from "./support/stats.ts";

const TOKEN = "bench-token-0123456789";
const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const SHIM = "client/dist/fasthooks-workers.js";
const BARE_CLIENT = "bench/support/bare-hook-client.cjs";
// The machine's Node, as Claude Code would start it, not the npm scripts' own.
const PATH = (process.env.PATH ?? "")
  .split(":")
  .filter((dir) => !dir.includes("node_modules"))
  .join(":");

const worker = await startLocalWorker({ [TOKEN]: { team: "bench", member: "bench" } }, {}, DEPLOYED_WORKER);
const url = worker.url.origin;

const events = {
  "PreToolUse (policy, no store)": {
    session_id: "bench-session",
    transcript_path: "/home/bench/.claude/projects/p/bench-session.jsonl",
    cwd: "/home/bench/p",
    permission_mode: "default",
    hook_event_name: "PreToolUse",
    tool_name: "Write",
    tool_input: { file_path: "/home/bench/p/.env", content: "X=1" },
    tool_use_id: "toolu_bench",
  },
  "UserPromptSubmit (2 store reads)": {
    session_id: "bench-session",
    transcript_path: "/home/bench/.claude/projects/p/bench-session.jsonl",
    cwd: "/home/bench/p",
    permission_mode: "default",
    hook_event_name: "UserPromptSubmit",
    prompt: "go on",
  },
};

async function timeIt(runs: number, once: () => Promise<void>): Promise<Summary> {
  for (let i = 0; i < Math.min(20, runs); i++) await once(); // warm-up
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await once();
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

function run(args: string[], input: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn("node", args, { env: { PATH, HOME: process.env.HOME ?? "/tmp", ...env } });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 && !stderr ? resolve() : reject(new Error(`exit ${code}: ${stderr}`))));
    child.stdin.end(input);
  });
}

const rows: Record<string, string | number>[] = [];
const results: Record<string, Summary> = {};
try {
  for (const [name, event] of Object.entries(events)) {
    const body = JSON.stringify(event);
    results[`http ${name}`] = await timeIt(RUNS, async () => {
      const res = await fetch(`${url}/v1/hooks`, {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${TOKEN}` },
        body,
      });
      if (res.status !== 200) throw new Error(`HTTP hook answered ${res.status}`);
      await res.arrayBuffer();
    });
    // The shim's own request on a fresh connection, from a process already running: the
    // Worker's share of a shim round trip.
    results[`shim's request alone, in process ${name}`] = await timeIt(RUNS, async () => {
      const headers = { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" };
      const res = await postOnce(new URL(`${url}/v1/hooks`), headers, body, AbortSignal.timeout(5000));
      if (res.status !== 200) throw new Error(`HTTP hook answered ${res.status}`);
    });
    results[`shim ${name}`] = await timeIt(Math.min(RUNS, 100), () =>
      run([SHIM, "hook"], body, { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: TOKEN }),
    );
    results[`bare Node client ${name}`] = await timeIt(Math.min(RUNS, 100), () =>
      run([BARE_CLIENT], body, { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: TOKEN }),
    );
  }
  results["http GET /v1/health (does nothing: the local runtime's own floor)"] = await timeIt(RUNS, async () => {
    const res = await fetch(`${url}/v1/health`);
    if (res.status !== 200) throw new Error(`health answered ${res.status}`);
    await res.arrayBuffer();
  });
  results['node -e "" (floor of a Node command hook)'] = await timeIt(Math.min(RUNS, 100), () => run(["-e", ""], "", {}));
  for (const [what, summary] of Object.entries(results)) rows.push({ what, ...summary });
  printTable("hook round trip, ms (local Worker, loopback)", rows);
  console.log(`written to ${writeResult("hook-latency", { runs: RUNS, results })}`);
} finally {
  await worker.dispose();
}
