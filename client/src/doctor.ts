// `doctor`: config, reachability, token, clock and installed hooks, one line per problem.
import { existsSync, readFileSync } from "node:fs";
import type { HealthBody, HookEventsListing } from "../../src/protocol";
import { ApiError, baseUrl, request } from "./api";
import type { Config } from "./config";
import { isOurs, type Scope, type Settings, settingsPath } from "./settings";

/** A clock this far from the Worker's skews ages, TTLs and waits. */
const CLOCK_SKEW_MS = 30_000;

export async function doctor(config: Config, projectDir: string, out: (line: string) => void): Promise<number> {
  const problems: string[] = [];
  const url = baseUrl(config);
  if (!config.url) problems.push(`no URL configured: using ${url} (set FASTHOOKS_URL or "url" in a config file)`);
  if (!config.token) problems.push("no token: set FASTHOOKS_TOKEN or \"token\" in a config file");
  else if (!process.env.FASTHOOKS_TOKEN) {
    problems.push("FASTHOOKS_TOKEN is not in the environment: HTTP hooks read the token from there");
  }

  let reachable = false;
  try {
    const started = Date.now();
    const health = await request<HealthBody>(config, "/v1/health?deep=1", { anonymous: true });
    reachable = true;
    for (const [check, state] of Object.entries(health.checks ?? {})) {
      if (state !== "set") problems.push(`the Worker's ${check}: ${state}`);
    }
    const skew = health.time - (started + Date.now()) / 2;
    if (Math.abs(skew) > CLOCK_SKEW_MS) {
      problems.push(`this clock is ${Math.round(skew / 1000)} s off the Worker's: fix the system time`);
    }
  } catch (error) {
    problems.push(`${url} is not reachable: ${(error as Error).message}`);
  }

  let listing: HookEventsListing | undefined;
  if (reachable && config.token) {
    try {
      listing = await request<HookEventsListing>(config, "/v1/hooks/events");
    } catch (error) {
      problems.push(
        error instanceof ApiError && error.status === 401
          ? `${url} refused the token: check it against FASTHOOKS_TOKENS on the Worker`
          : `could not read the Worker's hook list: ${(error as Error).message}`,
      );
    }
  }
  if (listing) problems.push(...hookProblems(listing, projectDir));

  for (const problem of problems) out(`problem: ${problem}`);
  out(problems.length ? `${problems.length} problem(s).` : `No problems: ${url} answers, the token works, the hooks are installed.`);
  return problems.length ? 1 : 0;
}

function hookProblems(listing: HookEventsListing, projectDir: string): string[] {
  const scopes: Scope[] = ["project", "local", "user"];
  const installedIn = new Map<string, Scope[]>();
  const problems: string[] = [];
  for (const scope of scopes) {
    const path = settingsPath(scope, projectDir);
    if (!existsSync(path)) continue;
    let settings: Settings;
    try {
      settings = JSON.parse(readFileSync(path, "utf8")) as Settings;
    } catch {
      problems.push(`${path} is not valid JSON: Claude Code cannot read it either`);
      continue;
    }
    for (const [event, groups] of Object.entries(settings.hooks ?? {})) {
      if (groups.some((group) => group.hooks.some(isOurs))) {
        installedIn.set(event, [...(installedIn.get(event) ?? []), scope]);
      }
    }
  }
  for (const { event } of listing.events) {
    const where = installedIn.get(event);
    if (!where) problems.push(`${event} is not hooked: run \`fasthooks-workers install\``);
    else if (where.length > 1) problems.push(`${event} is hooked in ${where.join(" and ")} settings: Claude Code will call twice`);
  }
  return problems;
}
