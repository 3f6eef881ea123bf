// A fake of the wrangler CLI and the Cloudflare account behind it, for the deploy script's tests:
// the commands the script runs, answered as wrangler 4.156 answers them (its messages, exit codes,
// `secret list --format json`, `whoami --json`, the WRANGLER_OUTPUT_FILE_PATH record), with no
// network. Used in process, and by fake-wrangler-cli.ts as a `wrangler` on PATH.
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { WranglerCall, WranglerResult } from "../../scripts/deploy/wrangler.ts";

export interface FakeCloud {
  loggedIn: boolean;
  /** CLOUDFLARE_API_TOKEN is set, but whoami cannot read the user (an account-scoped token). */
  accountTokenOnly?: boolean;
  accounts: { id: string; name: string }[];
  queues: string[];
  workerExists: boolean;
  /** Secret name -> value, as the Worker would read it. */
  secrets: Record<string, string>;
  /** [vars] of the local wrangler configuration, as `deploy --dry-run` lists them. */
  configVars: Record<string, string>;
  /** What `deploy` reports as the Worker's URL. */
  workerUrl: string;
  deploys: number;
  /** `deploy --dry-run` fails as a bundling error would. */
  bundleError?: boolean;
  /** Workers Free refuses a Worker over 3 MiB gzipped (the linter Worker); default paid. */
  plan?: "free" | "paid";
  /** The linter Worker (linter/wrangler.toml) is deployed. */
  linterExists?: boolean;
  /** How many deploys of the main Worker had the LINTER binding. */
  boundDeploys?: number;
}

// The queues the repository's wrangler.toml names: a real deploy refuses when one is missing.
const CONFIG_QUEUES = ["fasthooks-tasks", "fasthooks-tasks-dlq"];
const WORKER = "fasthooks-workers";
const LINTER = "fasthooks-linter";
const LINTER_CONFIG = "linter/wrangler.toml";
// The repository's linter Worker as wrangler 4.156 measured it (docs/linting.md).
const LINTER_UPLOAD = "Total Upload: 11211.17 KiB / gzip: 3933.34 KiB";

export function newCloud(overrides: Partial<FakeCloud> = {}): FakeCloud {
  return {
    loggedIn: true,
    accounts: [{ id: "0123456789abcdef0123456789abcdef", name: "Acme" }],
    queues: [],
    workerExists: false,
    secrets: {},
    configVars: {},
    workerUrl: `https://${WORKER}.acme.workers.dev`,
    deploys: 0,
    ...overrides,
  };
}

const ok = (stdout: string): WranglerResult => ({ code: 0, stdout, stderr: "" });
// wrangler's UserError, colours and all.
const error = (message: string): WranglerResult => ({
  code: 1,
  stdout: "",
  stderr: `\x1b[31m✘ \x1b[41;31m[\x1b[41;97mERROR\x1b[41;31m]\x1b[0m \x1b[1m${message}\x1b[0m\n\n🪵  Logs were written to "/tmp/wrangler.log"\n`,
});
const NOT_LOGGED_IN = error(
  "In a non-interactive environment, it's necessary to set a CLOUDFLARE_API_TOKEN environment variable for wrangler to work.",
);

function dryRun(cloud: FakeCloud): WranglerResult {
  if (cloud.bundleError) return error('Build failed with 1 error:\nsrc/index.ts:1:7: ERROR: Expected ";" but found "x"');
  const vars = Object.entries(cloud.configVars).map(
    ([name, value]) => `env.${name} (${JSON.stringify(value)})      Environment Variable\n`,
  );
  return ok(
    "Total Upload: 2070.54 KiB / gzip: 355.63 KiB\nYour Worker has access to the following bindings:\nBinding                                  Resource\n" +
      "env.SESSION_STORE (SessionStore)         Durable Object\nenv.TEAM_INDEX (TeamIndex)               Durable Object\n" +
      `env.TASK_QUEUE (fasthooks-tasks)         Queue\n${vars.join("")}\n--dry-run: exiting now.\n`,
  );
}

const configOf = (args: string[]) => args[args.indexOf("--config") + 1];

function linterDeploy(cloud: FakeCloud): WranglerResult {
  if (cloud.plan === "free") {
    return error(
      `Your Worker failed validation because it exceeded size limits.\n\n\n  A request to the Cloudflare API (/accounts/${cloud.accounts[0]?.id}/workers/scripts/${LINTER}/versions) failed.\n   - Your Worker exceeded the size limit of 3 MiB. Please upgrade to a paid plan to deploy Workers up to 10 MiB. [code: 10027]`,
    );
  }
  cloud.linterExists = true;
  return ok(`${LINTER_UPLOAD}\nUploaded ${LINTER} (9.80 sec)\nDeployed ${LINTER} triggers (0.31 sec)\n  No targets\n`);
}

function deploy(cloud: FakeCloud, call: WranglerCall, projectDir: string): WranglerResult {
  // As Cloudflare does: a LINTER binding (in the configuration deployed) needs the linter Worker.
  const config = readFileSync(join(projectDir, call.args.includes("--config") ? configOf(call.args)! : "wrangler.toml"), "utf8");
  const bound = /^binding = "LINTER"$/m.test(config);
  if (bound && !cloud.linterExists) {
    return error(
      `A request to the Cloudflare API (/accounts/${cloud.accounts[0]?.id}/workers/scripts/${WORKER}/versions) failed.\n  workers.api.error.service_binding_error: could not resolve binding "LINTER": script "${LINTER}" not found [code: 10143]`,
    );
  }
  if (bound) cloud.boundDeploys = (cloud.boundDeploys ?? 0) + 1;
  const missing = CONFIG_QUEUES.find((queue) => !cloud.queues.includes(queue));
  if (missing) return error(`Queue "${missing}" does not exist. To create it, run: wrangler queues create ${missing}`);
  cloud.workerExists = true;
  cloud.deploys++;
  const outputFile = call.env?.WRANGLER_OUTPUT_FILE_PATH;
  if (outputFile) {
    const record = { type: "deploy", version: 1, worker_name: WORKER, targets: [cloud.workerUrl, `Consumer for ${CONFIG_QUEUES[0]}`] };
    appendFileSync(outputFile, `${JSON.stringify({ type: "wrangler-session", version: 1 })}\n${JSON.stringify(record)}\n`);
  }
  return ok(
    `Uploaded ${WORKER} (4.21 sec)\nDeployed ${WORKER} triggers (1.02 sec)\n  ${cloud.workerUrl}\n` +
      CONFIG_QUEUES.map((queue) => `  Consumer for ${queue}\n`).join("") +
      "Current Version ID: 6f1e2d3c-0000-4000-8000-000000000000\n",
  );
}

/** Answers one wrangler command, run in `projectDir`, and changes the fake account as wrangler would. */
export function fakeWrangler(cloud: FakeCloud, call: WranglerCall, projectDir = process.cwd()): WranglerResult {
  const [command, sub, name] = call.args;
  const linter = configOf(call.args) === LINTER_CONFIG;
  if (command === "deploy" && call.args.includes("--dry-run")) {
    return linter ? ok(`${LINTER_UPLOAD}\nNo bindings found.\n--dry-run: exiting now.\n`) : dryRun(cloud);
  }
  if (command === "whoami") {
    if (!cloud.loggedIn || cloud.accountTokenOnly) return { code: 1, stdout: '{"loggedIn":false}\n', stderr: "" };
    return ok(JSON.stringify({ loggedIn: true, authType: "OAuth Token", email: "ada@example.com", accounts: cloud.accounts }, null, 2));
  }
  if (!cloud.loggedIn) return NOT_LOGGED_IN;
  if (command === "queues" && sub === "info" && name) {
    if (!cloud.queues.includes(name)) return error(`Queue "${name}" does not exist. To create it, run: wrangler queues create ${name}`);
    return ok(`Queue Name: ${name}\nQueue ID: 0f0f\nNumber of Producers: 1\nNumber of Consumers: 1\n`);
  }
  if (command === "queues" && sub === "create" && name) {
    cloud.queues.push(name);
    return ok(`🌀 Creating queue '${name}'\n✅ Created queue '${name}'\n`);
  }
  if (command === "secret" && sub === "list") {
    if (!cloud.workerExists) {
      return error(`Worker "${WORKER}" not found.\n\nIf this is a new Worker, run \`wrangler deploy\` first to create it.`);
    }
    return ok(
      JSON.stringify(
        Object.keys(cloud.secrets).map((secret) => ({ name: secret, type: "secret_text" })),
        null,
        "  ",
      ),
    );
  }
  if (command === "secret" && sub === "put" && name) {
    let said = "";
    if (!cloud.workerExists) {
      cloud.workerExists = true;
      said = `🌀 Creating new Worker "${WORKER}"...\n`;
    }
    // wrangler trims the trailing whitespace of a secret read from stdin.
    cloud.secrets[name] = (call.input ?? "").trimEnd();
    return ok(`${said}🌀 Creating the secret for the Worker "${WORKER}"\n✨ Success! Uploaded secret ${name}\n`);
  }
  if (command === "deploy") return linter ? linterDeploy(cloud) : deploy(cloud, call, projectDir);
  return error(`fake wrangler: unexpected command: wrangler ${call.args.join(" ")}`);
}
