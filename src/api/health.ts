import { Hono } from "hono";
import type { HealthBody } from "../protocol";
import type { ApiEnv } from "./env";

/** GET /v1/health: unauthenticated, so a load balancer or `doctor` can see the Worker is up. */
export const healthRoutes = new Hono<ApiEnv>().get("/", (c) => c.json({ status: "ok", time: Date.now() } satisfies HealthBody));
