import { Hono } from "hono";
import { modelAliasesCheck } from "../claude/models";
import type { ApiEnv } from "./api-env";
import { tokensCheck } from "./tokens";

/** GET /v1/health (`checks` with ?deep=1; "degraded" when one fails). */
export interface HealthBody {
  status: "ok" | "degraded";
  time: number;
  checks?: Record<string, string>;
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
    anthropicApiKey: c.env.ANTHROPIC_API_KEY ? "set" : "missing: wrangler secret put ANTHROPIC_API_KEY",
    modelAliases: modelAliasesCheck(c.env.FASTHOOKS_MODEL_ALIASES),
  };
  const healthy = Object.values(checks).every((check) => check === "set");
  return c.json({ status: healthy ? "ok" : "degraded", time: Date.now(), checks } satisfies HealthBody);
});
