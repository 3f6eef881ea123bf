import { Hono } from "hono";
import { requireMember } from "./auth";
import type { ApiEnv } from "./env";
import { onError, onNotFound } from "./errors";
import { healthRoutes } from "./health";
import { sessionsRoutes } from "./sessions-routes";
import { teamRoutes } from "./team-routes";

/** The Worker's HTTP surface, every path under /v1. */
export const api = new Hono<ApiEnv>()
  .basePath("/v1")
  .route("/health", healthRoutes)
  .use("/sessions", requireMember())
  .use("/sessions/*", requireMember())
  .use("/team/*", requireMember())
  .route("/sessions", sessionsRoutes)
  .route("/team", teamRoutes);

api.onError(onError);
api.notFound(onNotFound);
