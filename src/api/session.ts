import type { Context, MiddlewareHandler } from "hono";
import { DurableBackend } from "../store/durable-backend";
import { sessionIdSchema } from "../tasks/input";
import { TEAM_SCOPE, Tasks } from "../tasks/tasks";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";

function tasksFor(c: Context<ApiEnv>, sessionId: string): Tasks {
  const { team, member } = c.get("member");
  return new Tasks(new DurableBackend(c.env.SESSION_STORE, team), { sessionId, origin: { member } });
}

/**
 * Validates `:session` and puts its `Tasks` on the context, always inside the caller's team:
 * another team's session of the same id is another store, so it looks empty.
 */
export function sessionTasks(): MiddlewareHandler<ApiEnv, "/:session/*"> {
  return async (c, next) => {
    const session = sessionIdSchema.safeParse(c.req.param("session"));
    if (!session.success) {
      return apiError(c, 400, "invalid_session", session.error.issues[0]!.message);
    }
    c.set("tasks", tasksFor(c, session.data));
    await next();
  };
}

/** Puts the team-wide store's `Tasks` on the context. */
export function teamTasks(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    c.set("tasks", tasksFor(c, TEAM_SCOPE));
    await next();
  };
}
