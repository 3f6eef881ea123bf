// `doctor`: config, reachability, token, clock and installed hooks, one line per problem.
import { existsSync, readFileSync } from "node:fs";
import type { HookEventsListing } from "../../src/hooks/hook-app";
import { ApiError, baseUrl, body, worker } from "./api";
import type { Config } from "./config";
import { CLOSED_DENIES } from "./failure";
import { COMMAND_ONLY_EVENTS, isOurs, type Scope, type Settings, settingsPath, SHIM_BUDGET_MAX_MS } from "./settings";

/** A clock this far from the Worker's skews ages, TTLs and waits. */
const CLOCK_SKEW_MS = 30_000;

export async function doctor(config: Config, projectDir: string, out: (line: string) => void): Promise<number> {
  const problems: string[] = [];
  const url = baseUrl(config);
  if (!config.url) problems.push(`no URL configured: using ${url} (set FASTHOOKS_URL or "url" in a config file)`);
  if (!config.token) problems.push('no token: set FASTHOOKS_TOKEN or "token" in a config file');
  else if (!process.env.FASTHOOKS_TOKEN) {
    problems.push("FASTHOOKS_TOKEN is not in the environment: HTTP hooks read the token from there");
  }
  if (config.timeoutMs > SHIM_BUDGET_MAX_MS) {
    problems.push(
      `timeoutMs is ${config.timeoutMs} (from ${config.sources.timeoutMs}): the shim stops at ${SHIM_BUDGET_MAX_MS} ms, under the hooks' timeout in Claude Code's settings`,
    );
  }

  let reachable = false;
  try {
    const started = Date.now();
    const health = await body(worker(config, { anonymous: true }).v1.health.$get({ query: { deep: "1" } }));
    reachable = true;
    for (const [check, state] of Object.entries("checks" in health ? health.checks : {})) {
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
      listing = await body(worker(config).v1.hooks.events.$get());
    } catch (error) {
      problems.push(
        error instanceof ApiError && error.status === 401
          ? `${url} refused the token: check it against FASTHOOKS_TOKENS on the Worker`
          : `could not read the Worker's hook list: ${(error as Error).message}`,
      );
    }
  }
  if (listing) problems.push(...hookProblems(listing, projectDir, config));

  for (const problem of problems) out(`problem: ${problem}`);
  out(problems.length ? `${problems.length} problem(s).` : `No problems: ${url} answers, the token works, the hooks are installed.`);
  return problems.length ? 1 : 0;
}

function hookProblems(listing: HookEventsListing, projectDir: string, config: Config): string[] {
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
      const entries = groups.flatMap((group) => group.hooks);
      const ours = entries.filter(isOurs);
      if (ours.length > 0) installedIn.set(event, [...(installedIn.get(event) ?? []), scope]);
      if (COMMAND_ONLY_EVENTS.has(event) && entries.some((entry) => entry.type === "http")) {
        problems.push(
          `${path}: ${event} has an HTTP hook, which Claude Code never calls for ${event}: run \`fasthooks-workers install\` (it writes a command hook there)`,
        );
      }
      if (config.failMode === "closed" && CLOSED_DENIES.has(event) && ours.some((entry) => entry.onFailure !== "block" && !entry.async)) {
        problems.push(
          `${path}: failMode is closed but the ${event} hook does not block when it fails: run \`fasthooks-workers install\` again`,
        );
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
