// `npm start`: `wrangler dev` (the Worker, its Durable Objects, alarms and queues, all on this
// machine) on 8787, or on the next free port when 8787 is busy, and once it serves, the URL and
// the FASTHOOKS_URL to export. Left to itself wrangler moves to 8788 without a word the CLI can
// hear, and every command in the README says 8787. wrangler keeps the terminal (its keys, its
// colours): this only picks the port, waits for the Worker's health check, and prints.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { constants } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { devConfigArgs, LINTER_CONFIG } from "./start/configs.ts";
import { DEFAULT_PORT, firstFreePort, PORTS_TO_TRY, portArg } from "./start/ports.ts";

const args = process.argv.slice(2);
let asked: number | undefined;
try {
  asked = portArg(args);
} catch (error) {
  console.error(`npm start: ${(error as Error).message}`);
  process.exit(2);
}
const port = asked ?? (await firstFreePort());
if (port === undefined) {
  console.error(`npm start: ports ${DEFAULT_PORT}-${DEFAULT_PORT + PORTS_TO_TRY} are all busy: choose one with \`npm start -- --port N\``);
  process.exit(1);
}
const url = `http://localhost:${port}`;

const configs = devConfigArgs(args, existsSync(LINTER_CONFIG));
const wrangler = spawn("wrangler", ["dev", ...configs, ...args, ...(asked === undefined ? ["--port", String(port)] : [])], {
  stdio: "inherit",
  shell: process.platform === "win32", // wrangler.cmd
});
let exited = false;
wrangler.on("error", (error) => {
  console.error(`npm start: could not run wrangler (${error.message}): run \`npm ci\`, then \`npm start\``);
  process.exit(1);
});
wrangler.on("exit", (code, signal) => {
  exited = true;
  process.exitCode = code ?? 128 + (signal ? constants.signals[signal] : 0);
});
// Ctrl-C reaches wrangler from the terminal itself (one process group): let it finish, then go.
process.on("SIGINT", () => {});
for (const signal of ["SIGTERM", "SIGHUP"] as const) process.on(signal, () => wrangler.kill(signal));

if (await servesUs(url, () => exited)) {
  const moved = asked === undefined && port !== DEFAULT_PORT ? ` (${DEFAULT_PORT} is busy)` : "";
  console.log(`\nfasthooks-workers serves ${url}${moved}. For the CLI and \`install\`:\n  export ${exports(url)}\n`);
}

/** Whether our Worker answers its health check at `url`, asked until it does or wrangler ends. */
async function servesUs(base: string, stopped: () => boolean): Promise<boolean> {
  while (!stopped()) {
    try {
      const res = await fetch(`${base}/v1/health`, { signal: AbortSignal.timeout(2000) });
      const body = (await res.json()) as { status?: unknown };
      if (res.ok && body.status === "ok") return true;
    } catch {
      // not serving yet (wrangler builds first), or not ours: ask again
    }
    await sleep(250);
  }
  return false;
}

/** The variables to export: the URL, and the public dev token when .dev.vars gives it (as it starts). */
function exports(base: string): string {
  const vars = existsSync(".dev.vars") ? readFileSync(".dev.vars", "utf8") : "";
  const devToken = /^FASTHOOKS_LOCAL=1$/m.test(vars) && vars.includes('"fasthooks-dev-token"');
  return `FASTHOOKS_URL=${base}${devToken ? " FASTHOOKS_TOKEN=fasthooks-dev-token" : ""}`;
}
