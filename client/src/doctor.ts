// `doctor`: the setup end to end, each check printed passed or not (config, the Worker and its
// configuration, its clock, the token, the installed hooks against the app), then a summary.
// Exit 1 only for a problem: a note (an optional key missing) breaks nothing.
import { existsSync, readFileSync } from "node:fs";
import type { HealthBody } from "../../src/api/health";
import type { HookEventsListing } from "../../src/hooks/hook-app";
import { baseUrl, body, notOurs, tokenSetting, urlSetting, worker } from "./api";
import { Findings, render } from "./checks";
import type { Config } from "./config";
import { checkHooks, type SettingsFile } from "./doctor-hooks";
import { EXIT, type ExitCode } from "./exit";
import { type Scope, type Settings, settingsPath, SHIM_BUDGET_MAX_MS } from "./settings";

/** A clock this far from the Worker's skews ages, TTLs and waits. */
const CLOCK_SKEW_MS = 30_000;

export async function doctor(config: Config, projectDir: string, out: (line: string) => void): Promise<ExitCode> {
  const findings = new Findings();
  const url = baseUrl(config);
  checkConfig(config, findings);
  const reached = await checkWorker(config, findings);
  const listing = reached && config.token && !config.tokenWithheld ? await checkToken(config, findings) : undefined;
  findings.add(
    checkHooks({
      files: readSettingsFiles(projectDir),
      listing,
      url,
      failMode: config.failMode,
      tokenInEnv: Boolean(process.env.FASTHOOKS_TOKEN),
    }),
  );
  for (const line of render(findings, `${url} answers, the token works, the hooks are installed.`)) out(line);
  return findings.count("problem") ? EXIT.failed : EXIT.ok;
}

function checkConfig(config: Config, findings: Findings): void {
  const url = baseUrl(config);
  findings.pass(config.url ? `URL ${url} (from ${urlSetting(config)})` : `URL ${url}, the default (FASTHOOKS_URL is not set)`);
  if (config.tokenWithheld) findings.problem(config.tokenWithheld);
  else if (!config.token) {
    findings.problem('no token: set FASTHOOKS_TOKEN, or "token" in a config file (a local `npm start` takes fasthooks-dev-token)');
  } else findings.pass(`token from ${tokenSetting(config)}`);
  if (config.timeoutMs > SHIM_BUDGET_MAX_MS) {
    findings.problem(
      `timeoutMs is ${config.timeoutMs} (from ${config.sources.timeoutMs}): the shim stops at ${SHIM_BUDGET_MAX_MS} ms, under the hooks' timeout in Claude Code's settings`,
    );
  }
}

/** GET /v1/health?deep=1: our Worker answers, how it is configured, its clock. False when it does not answer. */
async function checkWorker(config: Config, findings: Findings): Promise<boolean> {
  const url = baseUrl(config);
  const started = Date.now();
  let health: HealthBody;
  try {
    health = await body(worker(config, { anonymous: true }).v1.health.$get({ query: { deep: "1" } }));
    if (typeof health?.time !== "number" || typeof health.checks !== "object" || health.checks === null) {
      throw notOurs(config, "GET /v1/health?deep=1 answered without this Worker's checks");
    }
  } catch (error) {
    findings.problem((error as Error).message);
    return false;
  }
  findings.pass(`our Worker answers at ${url}: ${health.local ? "a local one (`npm start`)" : "a deployed one"}`);
  const optional = new Set(health.optional ?? []);
  for (const [check, state] of Object.entries(health.checks ?? {})) {
    const line = `the Worker's ${check}: ${state}`;
    if (state === "set") findings.pass(line);
    else if (optional.has(check)) findings.note(line);
    else findings.problem(line);
  }
  const skew = health.time - (started + Date.now()) / 2;
  if (Math.abs(skew) > CLOCK_SKEW_MS) findings.problem(`this clock is ${Math.round(skew / 1000)} s off the Worker's: fix the system time`);
  else findings.pass("this clock agrees with the Worker's");
  return true;
}

/** The token against GET /v1/hooks/events, which also tells what the app handles. */
async function checkToken(config: Config, findings: Findings): Promise<HookEventsListing | undefined> {
  try {
    const listing = await body(worker(config).v1.hooks.events.$get());
    findings.pass(`the Worker takes the token from ${tokenSetting(config)}`);
    return listing;
  } catch (error) {
    findings.problem((error as Error).message);
    return undefined;
  }
}

function readSettingsFiles(projectDir: string): SettingsFile[] {
  const scopes: Scope[] = ["project", "local", "user"];
  return scopes.flatMap((scope): SettingsFile[] => {
    const path = settingsPath(scope, projectDir);
    if (!existsSync(path)) return [];
    try {
      const settings: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (typeof settings !== "object" || settings === null || Array.isArray(settings)) {
        return [{ scope, path, unreadable: "is not a JSON object" }];
      }
      return [{ scope, path, settings: settings as Settings }];
    } catch {
      return [{ scope, path, unreadable: "is not valid JSON" }];
    }
  });
}
