// `npm run deploy` against a fake wrangler and a fake Cloudflare account: the commands it runs and
// their order, what reaches `secret put`, and each refusal, without any network.
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { WITHOUT_LINTER_CONFIG, withoutLinterBinding } from "../../scripts/deploy/linter.ts";
import { type DeployDeps, DeployStop } from "../../scripts/deploy/deps.ts";
import { type DeployOptions, deploy } from "../../scripts/deploy/steps.ts";
import type { WranglerCall } from "../../scripts/deploy/wrangler.ts";
import { type FakeCloud, fakeWrangler, newCloud } from "./fake-cloudflare.ts";

const ADA = "3f9c2a7e5b1d4c8a9e0f6b2d7a1c5e3f";
const BOB = "b7e1d9c3a5f2e8d4c6b0a9f1e3d7c5b2";
const TOKENS_FILE = `{\n  "${ADA}": { "team": "acme", "member": "ada", "admin": true },\n  "${BOB}": { "team": "acme", "member": "bob" }\n}\n`;
const HEALTHY = { status: "ok", time: 1, checks: { tokens: "set", anthropicApiKey: "set", modelAliases: "set" } };

interface Run {
  calls: WranglerCall[];
  /** Each command as typed, temporary directories replaced by <dir>. */
  commands: string[];
  output: string;
  outcome?: string;
  stop?: string;
  healthUrls: string[];
}

async function run(
  cloud: FakeCloud,
  options: Partial<DeployOptions> = {},
  { inputs = {}, health = HEALTHY as unknown, env = {}, projectDir = process.cwd() } = {},
): Promise<Run> {
  const result: Run = { calls: [], commands: [], output: "", healthUrls: [] };
  const deps: DeployDeps = {
    wrangler: async (call) => {
      result.calls.push(call);
      result.commands.push(call.args.map((arg) => (arg.startsWith(tmpdir()) ? "<dir>" : arg)).join(" "));
      return fakeWrangler(cloud, call, projectDir);
    },
    projectDir,
    readInput: async (from) => {
      const text = (inputs as Record<string, string>)[from];
      if (text === undefined) throw new Error(`ENOENT: no such file, open '${from}'`);
      return text;
    },
    fetch: async (url) => {
      result.healthUrls.push(String(url));
      if (health instanceof Error) throw health;
      return Response.json(health);
    },
    env,
    log: (line = "") => {
      result.output += `${line}\n`;
    },
  };
  try {
    result.outcome = await deploy({ dryRun: false, ...options }, deps);
  } catch (error) {
    if (!(error instanceof DeployStop)) throw error;
    result.stop = error.message;
  }
  return result;
}

const withTokens = { tokensFrom: "tokens.json" };
/** The offline checks' bundling: the main Worker, then the linter Worker (linter/). */
const DRY_RUNS = ["deploy --dry-run --outdir <dir>", "deploy --dry-run --config linter/wrangler.toml --outdir <dir>"];
const tokensInput = { inputs: { "tokens.json": TOKENS_FILE } };

describe("a first deploy, from nothing", () => {
  it("checks offline, logs in, creates both queues, puts the tokens, deploys, checks the Worker and says what next", async () => {
    const cloud = newCloud();
    const result = await run(cloud, withTokens, tokensInput);

    expect(result.stop).toBeUndefined();
    expect(result.outcome).toBe("deployed");
    expect(result.commands).toEqual([
      "deploy --dry-run --outdir <dir>",
      "deploy --dry-run --config linter/wrangler.toml --outdir <dir>",
      "whoami --json",
      "queues info fasthooks-tasks",
      "queues create fasthooks-tasks",
      "queues info fasthooks-tasks-dlq",
      "queues create fasthooks-tasks-dlq",
      "secret list --format json",
      "secret put FASTHOOKS_TOKENS",
      "deploy --config linter/wrangler.toml",
      "deploy",
    ]);
    // The checked table, compacted, and nothing else, went to the secret.
    expect(JSON.parse(cloud.secrets.FASTHOOKS_TOKENS!)).toEqual(JSON.parse(TOKENS_FILE));
    expect(cloud.secrets.FASTHOOKS_TOKENS).not.toMatch(/\s/);
    expect(cloud.deploys).toBe(1);
    expect(result.calls.find((call) => call.args[0] === "deploy" && call.args.length === 1)?.echo).toBe(true);

    expect(result.healthUrls).toEqual(["https://fasthooks-workers.acme.workers.dev/v1/health?deep=1"]);
    expect(result.output).toContain("export FASTHOOKS_URL=https://fasthooks-workers.acme.workers.dev");
    expect(result.output).toContain("npx fasthooks-workers install");
    expect(result.output).toContain("npx fasthooks-workers doctor");
    // A Claude key is optional: its absence is said, not refused.
    expect(result.output).toMatch(/ANTHROPIC_API_KEY: not set, so Claude tasks fail.*wrangler secret put ANTHROPIC_API_KEY/);
    // No token is ever printed.
    expect(result.output).not.toContain(ADA);
    expect(result.output).not.toContain(BOB);
  });

  it("refuses to deploy a new Worker without FASTHOOKS_TOKENS, before deploying anything", async () => {
    const cloud = newCloud();
    const result = await run(cloud);
    expect(result.stop).toMatch(/FASTHOOKS_TOKENS is not set.*npm run deploy -- --tokens tokens\.json/);
    expect(result.commands.filter((command) => command.startsWith("deploy") && !command.includes("--dry-run"))).toEqual([]);
    expect(cloud.deploys).toBe(0);
  });
});

describe("a deploy of a Worker that is already there", () => {
  const existing = () =>
    newCloud({
      workerExists: true,
      queues: ["fasthooks-tasks", "fasthooks-tasks-dlq"],
      secrets: { FASTHOOKS_TOKENS: JSON.stringify({ [ADA]: { team: "acme", member: "ada" } }), ANTHROPIC_API_KEY: "sk-ant-x" },
    });

  it("creates no queue and keeps the secrets when no tokens file is given", async () => {
    const cloud = existing();
    const before = { ...cloud.secrets };
    const result = await run(cloud);
    expect(result.outcome).toBe("deployed");
    expect(result.commands).toEqual([
      "deploy --dry-run --outdir <dir>",
      "deploy --dry-run --config linter/wrangler.toml --outdir <dir>",
      "whoami --json",
      "queues info fasthooks-tasks",
      "queues info fasthooks-tasks-dlq",
      "secret list --format json",
      "deploy --config linter/wrangler.toml",
      "deploy",
    ]);
    expect(cloud.secrets).toEqual(before);
    expect(result.output).toContain("FASTHOOKS_TOKENS: set (kept as it is");
  });

  it("replaces the tokens when a member is added or rotated", async () => {
    const cloud = existing();
    const result = await run(cloud, withTokens, tokensInput);
    expect(result.commands).toContain("secret put FASTHOOKS_TOKENS");
    expect(Object.keys(JSON.parse(cloud.secrets.FASTHOOKS_TOKENS!))).toEqual([ADA, BOB]);
  });

  it("refuses when the deployed Worker has a FASTHOOKS_LOCAL secret", async () => {
    const cloud = existing();
    cloud.secrets.FASTHOOKS_LOCAL = "1";
    const result = await run(cloud);
    expect(result.stop).toMatch(/secret FASTHOOKS_LOCAL.*npx wrangler secret delete FASTHOOKS_LOCAL/);
    expect(cloud.deploys).toBe(0);
  });

  it("exits unhappy when the deployed Worker reports a broken token table (e.g. the dev token put by hand)", async () => {
    const report = {
      status: "degraded",
      time: 1,
      checks: {
        tokens: 'set, but FASTHOOKS_TOKENS holds the public dev token "fasthooks-dev-token", which is ignored',
        anthropicApiKey: "set",
        modelAliases: "set",
      },
    };
    const result = await run(existing(), {}, { health: report });
    expect(result.outcome).toBe("deployed-misconfigured");
    expect(result.output).toMatch(/PROBLEM: tokens: set, but .*public dev token/);
    expect(result.output).toContain("npm run deploy -- --tokens tokens.json");
  });

  it("says when the new Worker does not answer yet, without failing the deploy", async () => {
    const cloud = existing();
    const result = await run(cloud, {}, { health: new TypeError("fetch failed") });
    expect(result.outcome).toBe("deployed");
    expect(result.output).toMatch(/did not answer its health check yet.*fasthooks-workers doctor/);
  });
});

describe("refusals before anything changes on Cloudflare", () => {
  it("refuses a tokens file holding the public dev token, without running wrangler at all", async () => {
    const cloud = newCloud();
    const file = JSON.stringify({ "fasthooks-dev-token": { team: "local", member: "dev" }, [ADA]: { team: "acme", member: "ada" } });
    for (const dryRun of [false, true]) {
      const result = await run(cloud, { ...withTokens, dryRun }, { inputs: { "tokens.json": file } });
      expect(result.stop).toMatch(/public dev token "fasthooks-dev-token"/);
      expect(result.commands).toEqual([]);
    }
    expect(cloud.secrets).toEqual({});
  });

  it("refuses a configuration that sets FASTHOOKS_LOCAL, at the dry run", async () => {
    const cloud = newCloud({ configVars: { FASTHOOKS_LOCAL: "1" } });
    const result = await run(cloud, withTokens, tokensInput);
    expect(result.stop).toMatch(/configuration sets FASTHOOKS_LOCAL.*\[vars\] in wrangler\.toml/);
    expect(result.commands).toEqual(["deploy --dry-run --outdir <dir>"]);
  });

  it("refuses keep_vars = true, which would keep a FASTHOOKS_LOCAL set on the dashboard", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deploy-test-"));
    try {
      await writeFile(join(dir, "wrangler.toml"), 'name = "fasthooks-workers"\nkeep_vars = true\n');
      const result = await run(newCloud(), {}, { projectDir: dir });
      expect(result.stop).toMatch(/keep_vars = true/);
      expect(result.commands).toEqual([]);
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it("stops with wrangler's words when the Worker does not bundle", async () => {
    const result = await run(newCloud({ bundleError: true }), withTokens, tokensInput);
    expect(result.stop).toMatch(/wrangler deploy --dry-run failed:\n.*Build failed/);
    expect(result.stop).not.toContain("\x1b[");
    expect(result.commands).toHaveLength(1);
  });

  it("says how to log in when wrangler is not logged in", async () => {
    const result = await run(newCloud({ loggedIn: false }), withTokens, tokensInput);
    expect(result.stop).toMatch(/Not logged in.*npx wrangler login.*CLOUDFLARE_API_TOKEN/);
    expect(result.commands).toEqual([...DRY_RUNS, "whoami --json"]);
  });

  it("goes on with CLOUDFLARE_API_TOKEN even when whoami cannot read the user", async () => {
    const result = await run(newCloud({ accountTokenOnly: true }), withTokens, { ...tokensInput, env: { CLOUDFLARE_API_TOKEN: "x" } });
    expect(result.outcome).toBe("deployed");
    expect(result.output).toContain("could not confirm CLOUDFLARE_API_TOKEN");
  });

  it("asks which account when the login reaches several and none is pinned", async () => {
    const accounts = [
      { id: "a".repeat(32), name: "Acme" },
      { id: "b".repeat(32), name: "Personal" },
    ];
    const result = await run(newCloud({ accounts }), withTokens, tokensInput);
    expect(result.stop).toMatch(/reaches 2 accounts.*CLOUDFLARE_ACCOUNT_ID.*a{32}, b{32}/);
    expect(result.commands).toEqual([...DRY_RUNS, "whoami --json"]);

    const pinned = await run(newCloud({ accounts }), withTokens, { ...tokensInput, env: { CLOUDFLARE_ACCOUNT_ID: "b".repeat(32) } });
    expect(pinned.outcome).toBe("deployed");
  });

  it("stops when a tokens file cannot be read", async () => {
    const result = await run(newCloud(), { tokensFrom: "missing.json" });
    expect(result.stop).toMatch(/Cannot read the tokens file missing\.json/);
    expect(result.commands).toEqual([]);
  });
});

describe("the linter Worker", () => {
  const existing = () =>
    newCloud({
      workerExists: true,
      queues: ["fasthooks-tasks", "fasthooks-tasks-dlq"],
      secrets: { FASTHOOKS_TOKENS: JSON.stringify({ [ADA]: { team: "acme", member: "ada" } }) },
    });

  it("is measured at the offline checks, which say it needs Workers Paid", async () => {
    const result = await run(newCloud(), { ...withTokens, dryRun: true }, tokensInput);
    expect(result.output).toContain(
      "the linter Worker (linter/wrangler.toml) bundles, 3,933 KiB gzipped: over Workers Free's 3 MiB, so it needs Workers Paid",
    );
  });

  it("is deployed before the main Worker, whose LINTER binding needs it", async () => {
    const cloud = existing();
    const result = await run(cloud);
    expect(result.outcome).toBe("deployed");
    expect(result.commands.slice(-2)).toEqual(["deploy --config linter/wrangler.toml", "deploy"]);
    expect(cloud).toMatchObject({ linterExists: true, boundDeploys: 1 });
  });

  it("is left out on Workers Free: the main Worker is deployed without the binding, and says so", async () => {
    const cloud = { ...existing(), plan: "free" as const };
    const result = await run(cloud);
    expect(result.outcome).toBe("deployed");
    expect(result.commands.slice(-2)).toEqual(["deploy --config linter/wrangler.toml", "deploy --config .wrangler-without-linter.toml"]);
    expect(cloud.deploys).toBe(1);
    expect(cloud.boundDeploys).toBeUndefined();
    expect(cloud.linterExists).toBeFalsy();
    expect(result.output).toMatch(/over this account's size limit \(Workers Free: 3 MiB gzipped\).*without its LINTER binding/);
    // The copy without the binding is gone, and it was the repository's wrangler.toml less that block.
    expect(existsSync(WITHOUT_LINTER_CONFIG)).toBe(false);
    const toml = readFileSync("wrangler.toml", "utf8");
    expect(withoutLinterBinding(toml)).not.toContain("LINTER");
    expect(withoutLinterBinding(toml)).toContain('[[queues.consumers]]\nqueue = "fasthooks-tasks-dlq"');
  });

  it("is not deployed, nor bound, in a project without linter/", async () => {
    const dir = await mkdtemp(join(tmpdir(), "deploy-test-"));
    try {
      // The repository's wrangler.toml with its LINTER binding, in a project whose linter/ was removed.
      await writeFile(join(dir, "wrangler.toml"), readFileSync("wrangler.toml", "utf8"));
      const cloud = existing();
      const result = await run(cloud, {}, { projectDir: dir });
      expect(result.commands.filter((command) => command.includes("linter/"))).toEqual([]);
      expect(result.commands.at(-1)).toBe("deploy --config .wrangler-without-linter.toml");
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});

describe("--dry-run", () => {
  it("runs only wrangler's own dry run and lists the commands a deploy would run", async () => {
    const cloud = newCloud();
    const result = await run(cloud, { ...withTokens, dryRun: true }, tokensInput);
    expect(result.outcome).toBe("planned");
    expect(result.commands).toEqual(DRY_RUNS);
    const plan = result.output.slice(result.output.indexOf("Dry run"));
    const order = [
      "whoami --json",
      "queues info fasthooks-tasks",
      "queues info fasthooks-tasks-dlq",
      "secret list",
      "secret put FASTHOOKS_TOKENS",
      "wrangler deploy --config linter/wrangler.toml",
      "wrangler deploy\n",
      "/v1/health?deep=1",
    ];
    const positions = order.map((command) => plan.indexOf(command));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(cloud).toEqual(newCloud());
    expect(result.healthUrls).toEqual([]);
  });
});
