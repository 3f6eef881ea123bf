// Concurrent hook requests per second at 16 and 64 in flight, against a real local Worker,
// the load coming from a second process. Run: npm run bench:load
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startLocalWorker } from "../test/support/local-worker.ts";
import { DEPLOYED_WORKER } from "./support/deployed-worker.ts";
import { printTable, writeResult } from "./support/stats.ts";

const TOKEN = "bench-token-0123456789";
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 10_000);
const worker = await startLocalWorker({ [TOKEN]: { team: "bench", member: "bench" } }, {}, DEPLOYED_WORKER);

// A UserPromptSubmit as Claude Code sends it: the default app reads the session's store.
const event = JSON.stringify({
  session_id: "bench-load",
  transcript_path: "/home/bench/.claude/projects/p/bench-load.jsonl",
  cwd: "/home/bench/p",
  permission_mode: "default",
  hook_event_name: "UserPromptSubmit",
  prompt: "go on",
});

try {
  // Asynchronously: wrangler's side of the local Worker runs in this process's event loop.
  const runs = [];
  for (const concurrency of [16, 64]) {
    const args = ["bench/support/load-client.ts", `${worker.url.origin}/v1/hooks`, TOKEN, String(concurrency), String(DURATION_MS), event];
    const { stdout } = await promisify(execFile)(process.execPath, args, { encoding: "utf8" });
    runs.push(JSON.parse(stdout));
  }
  printTable(
    `hook requests under load (${DURATION_MS / 1000} s each, UserPromptSubmit, loopback)`,
    runs.map((run) => ({
      "in flight": run.concurrency,
      requests: run.requests,
      errors: run.errors,
      "per second": run.perSecond,
      ...run.latency,
    })),
  );
  console.log(`written to ${writeResult("hook-load", { durationMs: DURATION_MS, runs })}`);
} finally {
  await worker.dispose();
}
