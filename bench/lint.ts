// Lint time through the linter Worker (Ruff's wasm in workerd, over RPC), for a 200-line and a
// 2,000-line Python file: cold (the first lint of an isolate that has just answered its first
// request: Ruff's instance and settings made, its code first run) and warm; and the gzipped bundles of both Workers, as
// `wrangler deploy --dry-run` measures them. Run: npm run bench:lint
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { unstable_startWorker } from "wrangler";
import { gzipKib, LINTER_CONFIG } from "../scripts/deploy/linter.ts";
import { NO_ENV_FILES } from "../test/support/wrangler-worker.ts";
import { printTable, summarize, writeResult } from "./support/stats.ts";

process.env.WRANGLER_SEND_METRICS ??= "false";
process.env.CLOUDFLARE_CF_FETCH_ENABLED ??= "false";
process.env.WRANGLER_LOG ??= "warn";

const COLD_SAMPLES = 5;
const WARM_SAMPLES = 30;
const WARM_UP = 10;
const SETTINGS = { "line-length": 88, lint: { select: ["E4", "E7", "E9", "F"] } };

/** A Python file of `lines` lines, of the kind Claude writes, with a few findings in it. */
function pythonFile(lines: number): string {
  const head = ["import os", "import json", "from dataclasses import dataclass", "", ""];
  const block = (i: number) => [
    "@dataclass",
    `class Item${i}:`,
    "    name: str",
    "    price: float",
    "    quantity: int = 1",
    "",
    "    def total(self) -> float:",
    "        return self.price * self.quantity",
    "",
    "",
    `def load_items_${i}(path: str) -> list[Item${i}]:`,
    '    with open(path, encoding="utf-8") as handle:',
    "        raw = json.load(handle)",
    `    items = [Item${i}(**entry) for entry in raw]`,
    "    unused = len(items)",
    "    return [item for item in items if item.total() > 0]",
    "",
    "",
  ];
  const out = [...head];
  for (let i = 0; out.length < lines; i++) out.push(...block(i));
  return `${out.slice(0, lines).join("\n")}\n`;
}

async function startLinter() {
  const worker = await unstable_startWorker({
    config: LINTER_CONFIG,
    entrypoint: "bench/support/lint-worker.ts",
    envFiles: NO_ENV_FILES,
    bindings: { LINTER: { type: "service", service: "fasthooks-linter", entrypoint: "Linter" } as never },
    dev: { server: { hostname: "127.0.0.1", port: 0 }, inspector: false, persist: false, logLevel: "error" },
  });
  return { url: await worker.url, dispose: () => worker.dispose() };
}

async function lintOnce(url: URL, content: string): Promise<{ ms: number; findings: number }> {
  const started = performance.now();
  const res = await fetch(url, { method: "POST", body: JSON.stringify({ language: "python", content, config: SETTINGS }) });
  if (!res.ok) throw new Error(`lint: ${res.status} ${await res.text()}`);
  const report = (await res.json()) as { diagnostics: unknown[] };
  return { ms: performance.now() - started, findings: report.diagnostics.length };
}

function bundleKib(configArgs: string[]): { kib: number | undefined } {
  const outdir = mkdtempSync(join(tmpdir(), "bench-lint-bundle-"));
  try {
    const stdout = execFileSync("wrangler", ["deploy", "--dry-run", ...configArgs, "--outdir", outdir], {
      encoding: "utf8",
      // Its size line is at wrangler's "log" level, which this script's "warn" would hide.
      env: { ...process.env, WRANGLER_LOG: "log" },
    });
    return { kib: gzipKib(stdout) };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const rows: Record<string, string | number>[] = [];
const results: Record<string, unknown> = {};
for (const lines of [200, 2000]) {
  const content = pythonFile(lines);
  const cold: number[] = [];
  const warm: number[] = [];
  /** A new local Worker's first request, no lint: loading the isolate (Ruff's 11 MB wasm among its modules). */
  const firstRequest: number[] = [];
  /** A warm request that lints nothing: what of a warm lint is HTTP and the local proxy. */
  const request: number[] = [];
  let findings = 0;
  for (let i = 0; i < COLD_SAMPLES; i++) {
    const linter = await startLinter();
    try {
      const woken = performance.now();
      await fetch(linter.url);
      firstRequest.push(performance.now() - woken);
      cold.push((await lintOnce(linter.url, content)).ms);
      if (i === 0) {
        // Unmeasured: V8 tiers Ruff's code up over the first lints; warm is the steady state.
        for (let j = 0; j < WARM_UP; j++) await lintOnce(linter.url, content);
        for (let j = 0; j < WARM_SAMPLES; j++) {
          const asked = performance.now();
          await fetch(linter.url);
          request.push(performance.now() - asked);
          const run = await lintOnce(linter.url, content);
          warm.push(run.ms);
          findings = run.findings;
        }
      }
    } finally {
      await linter.dispose();
    }
  }
  results[`lines${lines}`] = {
    findings,
    firstRequest: summarize(firstRequest),
    request: summarize(request),
    cold: summarize(cold),
    warm: summarize(warm),
  };
  for (const [kind, samples] of [
    ["first request of a new Worker, no lint", firstRequest],
    ["cold", cold],
    ["warm", warm],
    ["warm request, no lint", request],
  ] as const) {
    const summary = summarize(samples);
    rows.push({ file: `${lines} lines (${findings} findings)`, lint: kind, n: summary.n, "p50 ms": summary.p50, "p95 ms": summary.p95 });
  }
}
printTable("Lint time through the linter Worker (HTTP to a local Worker, RPC to the linter, Ruff)", rows);

const bundles = { main: bundleKib([]), linter: bundleKib(["--config", LINTER_CONFIG]) };
printTable(
  "Bundles, gzipped (wrangler deploy --dry-run); Workers Free allows 3,072 KiB, Paid 10,240 KiB",
  Object.entries(bundles).map(([worker, { kib }]) => ({ worker, "gzip KiB": kib ?? "?" })),
);
console.log(`written to ${writeResult("lint", { settings: SETTINGS, ...results, bundlesGzipKiB: bundles })}`);
