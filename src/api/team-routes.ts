import { Hono } from "hono";
import { z } from "zod";
import { sessionStore, teamIndex } from "../store/names";
import type { TeamSettings } from "../store/team-index";
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

/** /v1/team: the team-wide store (results shared across members' sessions) and team settings. */
export const teamRoutes = new Hono<ApiEnv>()
  .use("*", teamTasks())
  .get("/settings", async (c) => c.json((await teamIndex(c.env.TEAM_INDEX, c.get("member").team).settings()) satisfies TeamSettings))
  .put("/settings", requireAdmin(), restBodyLimit(), validate("json", settingsBody), async (c) => {
    const { team } = c.get("member");
    const { retentionSeconds } = c.req.valid("json");
    return c.json((await teamIndex(c.env.TEAM_INDEX, team).setRetention(retentionSeconds)) satisfies TeamSettings);
  })
  .get("/events", (c) => sessionStore(c.env.SESSION_STORE, { team: c.get("member").team, session: TEAM_SCOPE }).fetch(c.req.raw))
  .route("/", tasksRoutes);
