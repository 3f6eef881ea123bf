import type { MiddlewareHandler } from "hono";
import { DurableBackend } from "../tasks/durable-backend";
import { sessionIdSchema } from "../tasks/input";
import { Tasks } from "../tasks/tasks";
import type { ApiEnv } from "./env";
import { apiError } from "./errors";

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
    const backend = new DurableBackend(c.env.SESSION_STORE, c.get("member").team);
    c.set("tasks", new Tasks(backend, { sessionId: session.data }));
    await next();
  };
}
