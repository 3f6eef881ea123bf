// `wrangler dev` as its own process (in its own process group), on a free loopback port and a
// persistence directory of the caller's: to be killed with SIGKILL and started again on the
// same state, as a developer's Ctrl-C, crash or reboot would.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import type { TokenOwner } from "./local-worker.ts";

export interface WranglerProcess {
  url: string;
  pid: number;
  /** Resolves once the Worker answers; rejects if wrangler exits first. */
  ready: Promise<void>;
  /** What it printed, for a failing test to show. */
  output: () => string;
  /** SIGKILL to the whole process group: wrangler and its workerd, with no chance to clean up. */
  kill(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts `wrangler dev`; the handle comes at once (to be killed whatever happens), `ready` when it serves. */
export function startWrangler(options: {
  entry: string;
  persistTo: string;
  port: number;
  tokens: Record<string, TokenOwner>;
}): WranglerProcess {
  const envFile = join(options.persistTo, "test.dev.vars");
  writeFileSync(envFile, `FASTHOOKS_TOKENS=${JSON.stringify(options.tokens)}\n`);
  const child: ChildProcess = spawn(
    join(process.cwd(), "node_modules/.bin/wrangler"),
    [
      "dev",
      options.entry,
      "--config=wrangler.toml",
      "--ip=127.0.0.1",
      `--port=${options.port}`,
      `--persist-to=${options.persistTo}`,
      `--env-file=${envFile}`,
      "--inspector-port=0",
      "--show-interactive-dev-session=false",
      "--log-level=warn",
    ],
    {
      detached: true, // its own process group, killed as one
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: "false",
        CLOUDFLARE_CF_FETCH_ENABLED: "false",
        WRANGLER_HIDE_BANNER: "true",
        CI: "1",
      },
    },
  );
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${options.port}`;
  const kill = async () => {
    try {
      process.kill(-child.pid!, "SIGKILL");
    } catch {
      // already gone
    }
    await exited;
  };
  // Ready when the Worker answers; a process that exits first failed to start.
  let gone = false;
  void exited.then(() => (gone = true));
  const ready = (async () => {
    for (;;) {
      if (gone) throw new Error(`wrangler dev exited before it served:\n${output}`);
      try {
        if ((await fetch(`${url}/v1/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return { url, pid: child.pid!, ready, output: () => output, kill };
}
