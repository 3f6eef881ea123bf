// `npm run deploy`, in order: what can be checked offline (the tokens file, the bundle and its
// variables), then the Cloudflare login, the queues, the secrets, the deploy, and the deployed
// Worker's own health check. Each step stops the run with a DeployStop saying what to do, before
// anything later changes on Cloudflare.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DeployDeps, DeployStop } from "./deps.ts";
import { checkDeployedHealth } from "./health.ts";
import { bindsLinter, checkLinterBundle, deployLinter, hasLinter, LINTER_CONFIG, withConfigWithoutLinter } from "./linter.ts";
import { printNextSteps } from "./next-steps.ts";
import { type TokenTable, TokensFileError, validateTokensFile } from "./tokens-file.ts";
import { plain, type WranglerResult, wranglerSaid } from "./wrangler.ts";
import { readWranglerConfig, type WranglerConfigFacts } from "./wrangler-config.ts";

export interface DeployOptions {
  dryRun: boolean;
  /** Upload FASTHOOKS_TOKENS from this file ("-": stdin), after checking it. */
  tokensFrom?: string;
}

export type DeployOutcome = "planned" | "deployed" | "deployed-misconfigured";

const SECRET_TOKENS = "FASTHOOKS_TOKENS";
const SECRET_CLAUDE_KEY = "ANTHROPIC_API_KEY";
const LOCAL_FLAG = "FASTHOOKS_LOCAL";
const LOGIN_ADVICE = `Log in with \`npx wrangler login\`, or set CLOUDFLARE_API_TOKEN (and CLOUDFLARE_ACCOUNT_ID) to an API token with Workers Scripts: Edit and Queues: Edit (see docs/deploy-and-operate.md)`;

export async function deploy(options: DeployOptions, deps: DeployDeps): Promise<DeployOutcome> {
  const { log } = deps;
  const config = readWranglerConfig(await readFile(join(deps.projectDir, "wrangler.toml"), "utf8"));
  const worker = config.workerName ?? "(unnamed)";
  log(`Deploying the Worker "${worker}"${options.dryRun ? " (dry run: nothing changes on Cloudflare)" : ""}`);

  log("\n1. Checks that need no network");
  const tokens = options.tokensFrom === undefined ? undefined : await readTokens(options.tokensFrom, deps);
  await checkBundle(config, deps);
  const linter = hasLinter(deps.projectDir);
  if (linter) await checkLinterBundle(deps);
  if (options.dryRun) {
    printPlan(config, tokens, linter, log);
    return "planned";
  }

  log("\n2. Cloudflare account");
  await checkLogin(config, deps);
  log("\n3. Queues");
  await ensureQueues(config, deps);
  log("\n4. Secrets");
  await ensureSecrets(tokens, deps);
  log("\n5. Deploy");
  // The linter first: the main Worker's LINTER binding must find it. Without it, no binding.
  const linterUp = linter && (await deployLinter(deps));
  const bound = bindsLinter(await readFile(join(deps.projectDir, "wrangler.toml"), "utf8"));
  const url =
    linterUp || !bound ? await deployWorker(deps) : await withConfigWithoutLinter(deps.projectDir, (args) => deployWorker(deps, args));

  log("\n6. The deployed Worker's own checks");
  const healthy = await reportHealth(url, deps);
  printNextSteps(url, log);
  return healthy ? "deployed" : "deployed-misconfigured";
}

/** Prints the deployed Worker's view of its configuration; false when it reports a problem. */
async function reportHealth(url: string | undefined, deps: DeployDeps): Promise<boolean> {
  const { log } = deps;
  if (!url) {
    log("   wrangler reported no workers.dev URL (routes or custom domains only?): use that URL below");
    return true;
  }
  const report = await checkDeployedHealth(url, deps.fetch);
  if (report.kind === "unreachable") {
    log(
      `   ${url} did not answer its health check yet (${report.reason}): a new workers.dev name can take a minute; \`npx fasthooks-workers doctor\` checks again`,
    );
    return true;
  }
  for (const passed of report.passed) log(`   ${passed}: set`);
  for (const note of report.notes) log(`   note: ${note}`);
  for (const problem of report.problems) log(`   PROBLEM: ${problem}`);
  if (report.problems.length === 0) return true;
  log("   The Worker is deployed, but its configuration has the problem(s) above.");
  if (report.problems.some((problem) => problem.startsWith("tokens:"))) {
    log(`   Put a corrected ${SECRET_TOKENS}: npm run deploy -- --tokens tokens.json`);
  }
  return false;
}

async function readTokens(from: string, deps: DeployDeps): Promise<TokenTable> {
  let text: string;
  try {
    text = await deps.readInput(from);
  } catch (error) {
    throw new DeployStop(`Cannot read the tokens file ${from}: ${error instanceof Error ? error.message : error}`);
  }
  try {
    const table = validateTokensFile(text);
    deps.log(
      `   FASTHOOKS_TOKENS from ${from === "-" ? "stdin" : from}: ${table.members} member(s), ${table.admins} admin(s), ${table.bytes} bytes`,
    );
    return table;
  } catch (error) {
    throw error instanceof TokensFileError ? new DeployStop(error.message) : error;
  }
}

/** `wrangler deploy --dry-run`: the Worker bundles, and the variables it would upload. */
async function checkBundle(config: WranglerConfigFacts, deps: DeployDeps): Promise<void> {
  if (config.keepsVars) {
    throw new DeployStop(
      `wrangler.toml sets keep_vars = true, which keeps variables set on the dashboard (${LOCAL_FLAG} among them) across deploys: remove it`,
    );
  }
  const outdir = await mkdtemp(join(tmpdir(), "fasthooks-deploy-"));
  try {
    const result = await deps.wrangler({ args: ["deploy", "--dry-run", "--outdir", outdir] });
    if (result.code !== 0) throw new DeployStop(`wrangler deploy --dry-run failed:\n    ${wranglerSaid(result)}`);
    // The bindings table lists each variable as `env.NAME ("value")`.
    if (new RegExp(`\\benv\\.${LOCAL_FLAG}\\b`).test(plain(result.stdout))) {
      throw new DeployStop(
        `The Worker's configuration sets ${LOCAL_FLAG}, which makes it honour the public dev token and answer only localhost: remove it from [vars] in wrangler.toml (locally it belongs in .dev.vars)`,
      );
    }
    deps.log(`   wrangler deploy --dry-run: the Worker bundles, and ${LOCAL_FLAG} is not among its variables`);
  } finally {
    await rm(outdir, { recursive: true, force: true });
  }
}

function printPlan(config: WranglerConfigFacts, tokens: TokenTable | undefined, linter: boolean, log: DeployDeps["log"]): void {
  log("\nDry run: nothing was changed on Cloudflare. A deploy runs, in this order:");
  log("   wrangler whoami --json");
  for (const queue of config.queues) log(`   wrangler queues info ${queue}   (then wrangler queues create ${queue} if it is missing)`);
  log("   wrangler secret list --format json");
  if (tokens) log(`   wrangler secret put ${SECRET_TOKENS}   (stdin: the checked tokens, ${tokens.members} member(s))`);
  else log(`   (${SECRET_TOKENS} must already be set, or pass --tokens FILE)`);
  if (linter)
    log(
      `   wrangler deploy --config ${LINTER_CONFIG}   (on Workers Free it is refused: the next deploy then leaves out the LINTER binding)`,
    );
  log("   wrangler deploy");
  log("   GET <the Worker's URL>/v1/health?deep=1");
}

async function checkLogin(config: WranglerConfigFacts, deps: DeployDeps): Promise<void> {
  const result = await deps.wrangler({ args: ["whoami", "--json"] });
  const who = parseJson(result.stdout) as
    | { loggedIn?: boolean; email?: string; authType?: string; accounts?: { id: string; name: string }[] }
    | undefined;
  if (result.code !== 0 || !who?.loggedIn) {
    if (deps.env.CLOUDFLARE_API_TOKEN) {
      // An account-scoped token may not be allowed to read the user: the next commands tell.
      deps.log(`   wrangler whoami could not confirm CLOUDFLARE_API_TOKEN (${wranglerSaid(result)}); going on with it`);
      return;
    }
    throw new DeployStop(`Not logged in to Cloudflare. ${LOGIN_ADVICE}`);
  }
  const accounts = who.accounts ?? [];
  deps.log(
    `   logged in${who.email ? ` as ${who.email}` : ""} (${who.authType ?? "unknown auth"}); account(s): ${accounts.map((a) => `${a.name} (${a.id})`).join(", ") || "none listed"}`,
  );
  const pinned = deps.env.CLOUDFLARE_ACCOUNT_ID ?? config.accountId;
  if (accounts.length > 1 && !pinned) {
    throw new DeployStop(
      `This login reaches ${accounts.length} accounts and nothing says which one to deploy to: set CLOUDFLARE_ACCOUNT_ID to one of ${accounts.map((a) => a.id).join(", ")}`,
    );
  }
}

async function ensureQueues(config: WranglerConfigFacts, deps: DeployDeps): Promise<void> {
  for (const queue of config.queues) {
    const info = await deps.wrangler({ args: ["queues", "info", queue] });
    if (info.code === 0) {
      deps.log(`   ${queue}: exists`);
      continue;
    }
    if (!/does not exist/.test(plain(info.stderr + info.stdout))) throw failed(`wrangler queues info ${queue}`, info);
    const created = await deps.wrangler({ args: ["queues", "create", queue] });
    if (created.code !== 0) throw failed(`wrangler queues create ${queue}`, created);
    deps.log(`   ${queue}: created`);
  }
}

async function ensureSecrets(tokens: TokenTable | undefined, deps: DeployDeps): Promise<void> {
  const listed = await deps.wrangler({ args: ["secret", "list", "--format", "json"] });
  let names: Set<string>;
  if (listed.code === 0) {
    const secrets = parseJson(listed.stdout);
    if (!Array.isArray(secrets)) throw failed("wrangler secret list --format json", listed);
    names = new Set(secrets.map((secret: { name?: unknown }) => String(secret.name)));
  } else if (/not found/.test(plain(listed.stderr + listed.stdout))) {
    deps.log("   the Worker does not exist yet: this is its first deploy");
    names = new Set();
  } else {
    throw failed("wrangler secret list", listed);
  }
  if (names.has(LOCAL_FLAG)) {
    throw new DeployStop(
      `The deployed Worker has a secret ${LOCAL_FLAG}, which makes it honour the public dev token: remove it with \`npx wrangler secret delete ${LOCAL_FLAG}\``,
    );
  }
  if (tokens) {
    const put = await deps.wrangler({ args: ["secret", "put", SECRET_TOKENS], input: tokens.json });
    if (put.code !== 0) throw failed(`wrangler secret put ${SECRET_TOKENS}`, put);
    deps.log(`   ${SECRET_TOKENS}: uploaded (${tokens.members} member(s))`);
  } else if (names.has(SECRET_TOKENS)) {
    deps.log(`   ${SECRET_TOKENS}: set (kept as it is; --tokens FILE replaces it)`);
  } else {
    throw new DeployStop(
      `${SECRET_TOKENS} is not set, so no member could use the Worker: npm run deploy -- --tokens tokens.json (see docs/deploy-and-operate.md)`,
    );
  }
  if (names.has(SECRET_CLAUDE_KEY)) deps.log(`   ${SECRET_CLAUDE_KEY}: set`);
  else deps.log(`   ${SECRET_CLAUDE_KEY}: not set, so Claude tasks fail (the rest works): npx wrangler secret put ${SECRET_CLAUDE_KEY}`);
}

/** `wrangler deploy`, shown as it runs; returns the workers.dev URL it reports. */
async function deployWorker(deps: DeployDeps, configArgs: string[] = []): Promise<string | undefined> {
  const dir = await mkdtemp(join(tmpdir(), "fasthooks-deploy-"));
  const outputFile = join(dir, "wrangler-output.json");
  try {
    const result = await deps.wrangler({ args: ["deploy", ...configArgs], echo: true, env: { WRANGLER_OUTPUT_FILE_PATH: outputFile } });
    if (result.code !== 0) throw new DeployStop("wrangler deploy failed: its output is above");
    return urlFromOutputFile(await readFile(outputFile, "utf8").catch(() => "")) ?? urlFromText(plain(result.stdout));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// wrangler writes one JSON line per event to WRANGLER_OUTPUT_FILE_PATH; the deploy's lists its targets.
function urlFromOutputFile(text: string): string | undefined {
  const targets = text
    .split("\n")
    .map(parseJson)
    .filter((entry): entry is { type: string; targets?: unknown } => (entry as { type?: unknown } | undefined)?.type === "deploy")
    .flatMap((entry) => (Array.isArray(entry.targets) ? entry.targets : []));
  // Routes and custom domains are listed without a scheme; only workers.dev gets one.
  return targets.find((target): target is string => typeof target === "string" && /^https?:\/\//.test(target));
}

const urlFromText = (text: string) => /https:\/\/[^\s]+\.workers\.dev\b/.exec(text)?.[0];

/** The JSON in a command's output, ignoring any line wrangler printed around it. */
function parseJson(text: string): unknown {
  const start = text.search(/[[{]/);
  const end = Math.max(text.lastIndexOf("}"), text.lastIndexOf("]"));
  if (start === -1 || end < start) return undefined;
  try {
    return JSON.parse(text.slice(start, end + 1));
  } catch {
    return undefined;
  }
}

function failed(command: string, result: WranglerResult): DeployStop {
  const said = wranglerSaid(result);
  const advice = /auth|login|token|permission|10000/i.test(said) ? `\n  ${LOGIN_ADVICE}` : "";
  return new DeployStop(`${command} failed:\n    ${said}${advice}`);
}
