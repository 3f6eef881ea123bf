import { Hono } from "hono";
import type { HealthBody } from "../protocol";
import type { ApiEnv } from "./env";

/**
 * GET /v1/health: unauthenticated, so a load balancer or `doctor` can see the Worker is up.
 * `?deep=1` also checks the configuration tasks need (never showing a secret).
 */
export const healthRoutes = new Hono<ApiEnv>().get("/", (c) => {
  if (!c.req.query("deep")) return c.json({ status: "ok", time: Date.now() } satisfies HealthBody);
  const checks = {
    anthropicApiKey: c.env.ANTHROPIC_API_KEY ? "set" : "missing: wrangler secret put ANTHROPIC_API_KEY",
  };
  const healthy = Object.values(checks).every((check) => check === "set");
  return c.json({ status: healthy ? "ok" : "degraded", time: Date.now(), checks } satisfies HealthBody);
});
