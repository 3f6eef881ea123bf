import { Hono } from "hono";
import { z } from "zod";
import { sessionStore, teamIndex } from "../store/names";
import type { TeamSettings } from "../store/team-index";
import { STATS_MINUTES_KEPT, type TeamStats } from "../store/team-stats";
import { LIMITS } from "../tasks/limits";
import { TEAM_SCOPE } from "../tasks/tasks";
import { requireAdmin } from "./auth";
import type { ApiEnv } from "./api-env";
import { teamTasks } from "./session";
import { tasksRoutes } from "./tasks-routes";
import { restBodyLimit, validate } from "./validate";

const settingsBody = z.object({
  retentionSeconds: z.number().int().min(1).max(LIMITS.ttlMaxSeconds).nullable(),
});

const statsQuery = z.object({
  minutes: z
    .string()
    .regex(/^[1-9][0-9]{0,3}$/, `minutes must be a whole number from 1 to ${STATS_MINUTES_KEPT}`)
    .transform(Number)
    .pipe(z.number().max(STATS_MINUTES_KEPT, `minutes must be at most ${STATS_MINUTES_KEPT}`))
    .default(60),
});

/** /v1/team: the team-wide store (results shared across members' sessions), team settings and figures. */
export const teamRoutes = new Hono<ApiEnv>()
  .use("*", teamTasks())
  .get("/settings", async (c) => c.json((await teamIndex(c.env.TEAM_INDEX, c.get("member").team).settings()) satisfies TeamSettings))
  .put("/settings", requireAdmin(), restBodyLimit(), validate("json", settingsBody), async (c) => {
    const { team } = c.get("member");
    const { retentionSeconds } = c.req.valid("json");
    return c.json((await teamIndex(c.env.TEAM_INDEX, team).setRetention(retentionSeconds)) satisfies TeamSettings);
  })
  .get("/stats", validate("query", statsQuery, "invalid_query"), async (c) => {
    const { minutes } = c.req.valid("query");
    return c.json((await teamIndex(c.env.TEAM_INDEX, c.get("member").team).stats(minutes)) satisfies TeamStats);
  })
  .get("/events", (c) => sessionStore(c.env.SESSION_STORE, { team: c.get("member").team, session: TEAM_SCOPE }).fetch(c.req.raw))
  .route("/", tasksRoutes);
