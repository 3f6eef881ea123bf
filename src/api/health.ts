import { Hono } from "hono";
import { modelAliasesCheck } from "../claude/models";
import type { ApiEnv } from "./api-env";
import { isLocal, tokensCheck } from "./tokens";

/** GET /v1/health (with ?deep=1: `local`, `checks`, `optional`; "degraded" when a check fails). */
export interface HealthBody {
  status: "ok" | "degraded";
  time: number;
  /** Run by `npm start` on a developer's machine (FASTHOOKS_LOCAL=1), not deployed. */
  local?: boolean;
  /** Each piece of configuration: "set", or what is wrong and how to fix it here. */
  checks?: Record<string, string>;
  /** The checks whose failure only some tasks feel (a note for `doctor`, not a problem). */
  optional?: string[];
}

/** Only Claude tasks need the key: a Worker without it still serves every hook and plain task. */
const OPTIONAL_CHECKS = ["anthropicApiKey"];

/** Where the key goes depends on where the Worker runs: a local one reads .dev.vars. */
function anthropicKeyCheck(env: Env): string {
  if (env.ANTHROPIC_API_KEY) return "set";
  return isLocal(env)
    ? "missing (only Claude tasks need it): add ANTHROPIC_API_KEY=sk-ant-... to .dev.vars, then restart `npm start`"
    : "missing (only Claude tasks need it): npx wrangler secret put ANTHROPIC_API_KEY";
}

/**
 * GET /v1/health: unauthenticated, so a load balancer or `doctor` can see the Worker is up.
 * `?deep=1` also checks the configuration (never showing a secret): what is wrong with it is
 * told here and in the log, never in the answer to a request it breaks.
 */
export const healthRoutes = new Hono<ApiEnv>().get("/", (c) => {
  if (!c.req.query("deep")) return c.json({ status: "ok", time: Date.now() } satisfies HealthBody);
  const checks = {
    tokens: tokensCheck(c.env),
    anthropicApiKey: anthropicKeyCheck(c.env),
    modelAliases: modelAliasesCheck(c.env.FASTHOOKS_MODEL_ALIASES),
  };
  const healthy = Object.values(checks).every((check) => check === "set");
  return c.json({
    status: healthy ? "ok" : "degraded",
    time: Date.now(),
    local: isLocal(c.env),
    checks,
    optional: OPTIONAL_CHECKS,
  } satisfies HealthBody);
});
