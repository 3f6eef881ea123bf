// `node scripts/deploy.ts` as npm runs it, with a fake `wrangler` first on PATH: the real process
// wiring (spawned commands, the secret on wrangler's stdin, the output file, exit codes, the
// health check over HTTP to a loopback server). No network beyond 127.0.0.1.
import { spawn } from "node:child_process";
import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeCloud, newCloud } from "./fake-cloudflare.ts";

const ADA = "3f9c2a7e5b1d4c8a9e0f6b2d7a1c5e3f";
const TOKENS_FILE = JSON.stringify({ [ADA]: { team: "acme", member: "ada", admin: true } }, null, 2);

let dir: string;
let server: Server;
let workerUrl: string;
const healthRequests: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "deploy-cli-test-"));
  const cli = resolve("test/scripts/fake-wrangler-cli.ts");
  await writeFile(join(dir, "wrangler"), `#!/bin/sh\nexec "${process.execPath}" "${cli}" "$@"\n`);
  await chmod(join(dir, "wrangler"), 0o755);
  // The deployed Worker's health check, as the fake's workers.dev URL.
  server = createServer((req, res) => {
    healthRequests.push(req.url ?? "");
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ status: "ok", time: 1, checks: { tokens: "set", anthropicApiKey: "missing", modelAliases: "set" } }));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  workerUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server?.close();
  await rm(dir, { recursive: true, force: true });
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  cloud: FakeCloud;
  calls: { args: string[]; input: string }[];
}

async function runCli(args: string[], cloud: FakeCloud, stdin = "", initCwd = dir): Promise<CliRun> {
  const state = join(dir, `cloud-${Math.random().toString(36).slice(2)}.json`);
  const log = `${state}.log`;
  await writeFile(state, JSON.stringify(cloud));
  await writeFile(log, "");
  const child = spawn(process.execPath, ["scripts/deploy.ts", ...args], {
    env: { ...process.env, PATH: [dir, process.env.PATH].join(delimiter), FAKE_CLOUD: state, FAKE_CLOUD_LOG: log, INIT_CWD: initCwd },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((done) => child.on("close", done));
  const calls = (await readFile(log, "utf8"))
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line));
  return { code, stdout, stderr, cloud: JSON.parse(await readFile(state, "utf8")), calls };
}

describe("npm run deploy, as a process", () => {
  it("deploys a new Worker with the tokens piped in, and prints what follows", async () => {
    const result = await runCli(["--tokens", "-"], newCloud({ workerUrl }), TOKENS_FILE);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.calls.map((call) => call.args.slice(0, 3).join(" "))).toEqual([
      "deploy --dry-run --outdir",
      "deploy --dry-run --config",
      "whoami --json",
      "queues info fasthooks-tasks",
      "queues create fasthooks-tasks",
      "queues info fasthooks-tasks-dlq",
      "queues create fasthooks-tasks-dlq",
      "secret list --format",
      "secret put FASTHOOKS_TOKENS",
      "deploy --config linter/wrangler.toml",
      "deploy",
    ]);
    expect(result.calls[8]!.input).toBe(JSON.stringify(JSON.parse(TOKENS_FILE)));
    expect(result.cloud.secrets.FASTHOOKS_TOKENS).toBe(JSON.stringify(JSON.parse(TOKENS_FILE)));
    expect(result.cloud.deploys).toBe(1);
    // wrangler's own deploy output is shown as it runs.
    expect(result.stdout).toContain("Deployed fasthooks-workers triggers");
    expect(healthRequests).toContain("/v1/health?deep=1");
    expect(result.stdout).toContain("note: anthropicApiKey: missing");
    expect(result.stdout).toContain(`export FASTHOOKS_URL=${workerUrl}`);
    expect(result.stdout).not.toContain(ADA);
  }, 30_000); // eleven wrangler processes (node each): more than the default 5 s on a busy machine

  it("--dry-run reads a tokens path relative to where npm was started, and changes nothing", async () => {
    await writeFile(join(dir, "team-tokens.json"), TOKENS_FILE);
    const cloud = newCloud({ workerUrl });
    const result = await runCli(["--dry-run", "--tokens", "team-tokens.json"], cloud);
    expect(result.code).toBe(0);
    expect(result.calls.map((call) => call.args[0])).toEqual(["deploy", "deploy"]);
    expect(result.calls.every((call) => call.args.includes("--dry-run"))).toBe(true);
    expect(result.cloud).toEqual(cloud);
    expect(result.stdout).toContain("A deploy runs, in this order");
  });

  it("exits 1 and runs no wrangler command for a tokens file with the dev token", async () => {
    const file = JSON.stringify({ "fasthooks-dev-token": { team: "local", member: "dev" } });
    const result = await runCli(["--tokens", "-"], newCloud({ workerUrl }), file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Stopped: FASTHOOKS_TOKENS is refused:\n.*public dev token/);
    expect(result.calls).toEqual([]);
  });

  it("exits 2 on an unknown option, with the usage", async () => {
    const unknown = await runCli(["--token", "x"], newCloud());
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--token'[\s\S]*Usage: npm run deploy/);
  });
});
