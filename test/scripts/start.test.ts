// `npm start` (scripts/start.ts): the port it picks, and what it prints once the Worker serves,
// with a fake `wrangler` first on PATH (no real wrangler, nothing but loopback).
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { devConfigArgs } from "../../scripts/start/configs.ts";
import { firstFreePort, isFree, portArg } from "../../scripts/start/ports.ts";

let bin: string;

beforeAll(async () => {
  bin = await mkdtemp(join(tmpdir(), "start-test-"));
  const fake = resolve("test/scripts/fake-wrangler-dev.ts");
  await writeFile(join(bin, "wrangler"), `#!/bin/sh\nexec "${process.execPath}" "${fake}" "$@"\n`);
  await chmod(join(bin, "wrangler"), 0o755);
});

afterAll(async () => {
  await rm(bin, { recursive: true, force: true });
});

/** A port something already listens on (on localhost, where wrangler listens), until closed. */
async function busyPort(): Promise<{ port: number; server: Server }> {
  const server = createServer();
  server.listen(0, "localhost");
  await once(server, "listening");
  return { port: (server.address() as { port: number }).port, server };
}

describe("the port", () => {
  it("is the one asked for with --port N or --port=N, and refuses what is not a port", () => {
    expect(portArg(["--port", "9000"])).toBe(9000);
    expect(portArg(["--ip", "127.0.0.1", "--port=9001"])).toBe(9001);
    expect(portArg(["--ip", "127.0.0.1"])).toBeUndefined();
    expect(() => portArg(["--port", "0x10"])).toThrow('--port must be a port number, not "0x10"');
    expect(() => portArg(["--port=70000"])).toThrow(/port number/);
  });

  it("moves past a busy port to the next free one, as wrangler would", async () => {
    const { port, server } = await busyPort();
    try {
      expect(await isFree(port)).toBe(false);
      const next = await firstFreePort(port, 11);
      expect(next).toBeGreaterThan(port);
      expect(await isFree(next!)).toBe(true);
      expect(await firstFreePort(port, 1)).toBeUndefined();
    } finally {
      server.close();
    }
  });
});

/** Two node processes start before the line (start.ts, then the fake wrangler): slow on a busy machine. */
const SERVES = { timeout: 15_000 };

interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

async function start(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Started & { log: string }> {
  const log = join(bin, `args-${Math.random().toString(36).slice(2)}.json`);
  const child = spawn(process.execPath, [resolve("scripts/start.ts"), ...args], {
    cwd: options.cwd ?? bin,
    env: { ...process.env, PATH: [bin, process.env.PATH].join(delimiter), FAKE_DEV_LOG: log, ...options.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (chunk) => (output += chunk));
  child.stderr!.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit").then(([code]) => code as number | null);
  return { child, output: () => output, exited, log };
}

describe("npm start", () => {
  it("runs wrangler dev, then says the URL it serves and what to export; SIGTERM stops both", async () => {
    const port = (await firstFreePort(20_000 + Math.floor(Math.random() * 20_000), 50))!;
    const started = await start(["--port", String(port)]);
    await expect.poll(started.output, SERVES).toContain("fasthooks-workers serves");
    expect(started.output()).toContain(
      `\nfasthooks-workers serves http://localhost:${port}. For the CLI and \`install\`:\n  export FASTHOOKS_URL=http://localhost:${port}\n`,
    );
    expect(JSON.parse(await readFile(started.log, "utf8"))).toEqual(["dev", "--port", String(port)]);
    started.child.kill("SIGTERM");
    expect(await started.exited).toBe(0);
  });

  it("adds the dev token to the line to export when .dev.vars gives it", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "start-cwd-"));
    try {
      await writeFile(
        join(cwd, ".dev.vars"),
        'FASTHOOKS_LOCAL=1\nFASTHOOKS_TOKENS={"fasthooks-dev-token":{"team":"local","member":"dev"}}\n',
      );
      const port = (await firstFreePort(20_000 + Math.floor(Math.random() * 20_000), 50))!;
      const started = await start([`--port=${port}`], { cwd });
      await expect
        .poll(started.output, SERVES)
        .toContain(`export FASTHOOKS_URL=http://localhost:${port} FASTHOOKS_TOKEN=fasthooks-dev-token\n`);
      expect(JSON.parse(await readFile(started.log, "utf8"))).toEqual(["dev", `--port=${port}`]);
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
  });

  it("runs the linter Worker beside the main one when the project has it, unless a config is chosen", async () => {
    const cwd = await mkdtemp(join(tmpdir(), "start-cwd-"));
    try {
      await mkdir(join(cwd, "linter"));
      await writeFile(join(cwd, "linter", "wrangler.toml"), 'name = "fasthooks-linter"\n');
      const port = (await firstFreePort(20_000 + Math.floor(Math.random() * 20_000), 50))!;
      const started = await start(["--port", String(port)], { cwd });
      await expect.poll(started.output, SERVES).toContain("fasthooks-workers serves");
      expect(JSON.parse(await readFile(started.log, "utf8"))).toEqual([
        "dev",
        "-c",
        "wrangler.toml",
        "-c",
        "linter/wrangler.toml",
        "--port",
        String(port),
      ]);
      started.child.kill("SIGTERM");
      expect(await started.exited).toBe(0);
    } finally {
      await rm(cwd, { recursive: true, force: true });
    }
    expect(devConfigArgs(["--config", "other.toml"], true)).toEqual([]);
    expect(devConfigArgs(["-c=other.toml"], true)).toEqual([]);
    expect(devConfigArgs([], false)).toEqual([]);
  });

  it("ends with wrangler's exit code, saying nothing of a URL, when wrangler fails", async () => {
    const started = await start(["--port", "9"], { env: { FAKE_DEV_FAIL: "3" } });
    expect(await started.exited).toBe(3);
    expect(started.output()).not.toContain("serves");
  });

  it("refuses a --port that is not a port", async () => {
    const started = await start(["--port", "eighty"]);
    expect(await started.exited).toBe(2);
    expect(started.output()).toBe('npm start: --port must be a port number, not "eighty"\n');
  });
});
