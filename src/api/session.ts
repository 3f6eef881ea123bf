import type { Context, MiddlewareHandler } from "hono";
import { durableBackend } from "../store/durable-backend";
import { sessionStore } from "../store/names";
import { sessionIdSchema } from "../tasks/input";
import { TEAM_SCOPE, Tasks } from "../tasks/tasks";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";

/** Puts the scope's `Tasks` and its store on the context. */
function useScope(c: Context<ApiEnv>, sessionId: string): void {
  const { team, member } = c.get("member");
  c.set("tasks", new Tasks(durableBackend(c.env.SESSION_STORE, team), { sessionId, origin: { member } }));
  const store = sessionStore(c.env.SESSION_STORE, { team, session: sessionId });
  c.set("store", {
    detail: (key) => store.detail(key),
    retry: (key, addedBy) => store.retry(key, addedBy),
    deleteResult: (key, by) => store.deleteResult(key, by),
  });
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
    useScope(c, session.data);
    await next();
  };
}

/** Puts the team-wide store's `Tasks` on the context. */
export function teamTasks(): MiddlewareHandler<ApiEnv> {
  return async (c, next) => {
    useScope(c, TEAM_SCOPE);
    await next();
  };
}
