import { Hono } from "hono";
import { sessionStore, teamIndex } from "../store/names";
import type { IndexPage } from "../store/team-index";
import { requireAdmin } from "./auth";
import type { ApiEnv } from "./api-env";
import { sessionTasks } from "./session";
import { indexListQuery } from "./pagination";
import { tasksRoutes } from "./tasks-routes";
import { validate } from "./validate";

/** /v1/sessions: the team's index of sessions, and each session's tasks and live events. */
export const sessionsRoutes = new Hono<ApiEnv>()
  .get("/", validate("query", indexListQuery, "invalid_query"), async (c) => {
    const { sessions, next } = await teamIndex(c.env.TEAM_INDEX, c.get("member").team).list(c.req.valid("query"));
    return c.json({ sessions, next } satisfies IndexPage);
  })
  .get("/events", (c) => teamIndex(c.env.TEAM_INDEX, c.get("member").team).fetch(c.req.raw))
  .use("/:session", sessionTasks())
  .use("/:session/*", sessionTasks())
  .delete("/:session", requireAdmin(), async (c) => {
    const { team } = c.get("member");
    const session = c.get("tasks").sessionId;
    await sessionStore(c.env.SESSION_STORE, { team, session }).destroy();
    await teamIndex(c.env.TEAM_INDEX, team).forget(session);
    return c.json({ deleted: session });
  })
  .get("/:session/events", (c) =>
    sessionStore(c.env.SESSION_STORE, { team: c.get("member").team, session: c.get("tasks").sessionId }).fetch(c.req.raw),
  )
  .route("/:session", tasksRoutes);
