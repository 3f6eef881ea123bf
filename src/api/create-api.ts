import { Hono } from "hono";
import type { HookApp } from "../hooks/hook-app";
import { requireMember } from "./auth";
import type { ApiEnv } from "./api-env";
import { onError, onNotFound } from "./errors";
import { healthRoutes } from "./health";
import { hooksRoutes } from "./hooks-routes";
import { memoryRoutes } from "./memory-routes";
import { meRoutes } from "./me-routes";
import { localRequestsOnly, securityHeaders } from "./security";
import { sessionsRoutes } from "./sessions-routes";
import { teamRoutes } from "./team-routes";

/** The Worker's HTTP surface, every path under /v1, serving the team's hook app. */
export function createApi(hookApp: HookApp) {
  const api = new Hono<ApiEnv>()
    .use("*", securityHeaders(), localRequestsOnly(), async (c, next) => {
      c.set("app", hookApp);
      await next();
    })
    .basePath("/v1")
    .route("/health", healthRoutes)
    // "/x/*" also matches "/x" itself: one authentication per request (a SHA-256 each).
    .use("/hooks/*", requireMember())
    .use("/sessions/*", requireMember())
    .use("/team/*", requireMember())
    .use("/me", requireMember())
    .use("/memory/*", requireMember())
    .route("/memory", memoryRoutes)
    .route("/me", meRoutes)
    .route("/hooks", hooksRoutes(hookApp))
    .route("/sessions", sessionsRoutes)
    .route("/team", teamRoutes);
  api.onError(onError);
  api.notFound(onNotFound);
  return api;
}

/** The API's routes as a type: the CLI's client (hono/client's `hc`) reads its paths and bodies from it. */
export type Api = ReturnType<typeof createApi>;
