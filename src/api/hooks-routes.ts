import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { HookApp } from "../hooks/app";
import type { HookContext } from "../hooks/context";
import { capText, type HookOutput } from "../hooks/output";
import { baseEventSchema, type BaseEvent } from "../hooks/events";
import { DurableBackend } from "../tasks/durable-backend";
import { sessionIdSchema } from "../tasks/input";
import { LIMITS } from "../tasks/limits";
import { TEAM_SCOPE } from "../tasks/scope";
import { Tasks } from "../tasks/tasks";
import { noteActivity } from "./activity";
import type { ApiEnv } from "./env";
import { apiError } from "./errors";
import { validate } from "./validate";

/** The shim names the machine it runs on; Claude Code's HTTP hooks may send it too (see README). */
const MACHINE_HEADER = "X-Fasthooks-Machine";

/**
 * /v1/hooks: Claude Code's events in, hook output out. Every decision is in the 200 JSON body:
 * Claude Code treats any other status as a non-blocking error, so a status can never block.
 */
export function hooksRoutes(app: HookApp) {
  return new Hono<ApiEnv>()
    .get("/events", (c) => c.json(app.events()))
    .post(
      "/",
      bodyLimit({
        maxSize: LIMITS.hookBodyMaxBytes,
        onError: (c) => apiError(c, 413, "payload_too_large", `An event must be at most ${LIMITS.hookBodyMaxBytes} bytes`),
      }),
      validate("json", baseEventSchema, "invalid_event"),
      async (c) => {
        const event = c.req.valid("json") as BaseEvent;
        const session = sessionIdSchema.safeParse(event.session_id);
        if (!session.success) return apiError(c, 400, "invalid_session", session.error.issues[0]!.message);
        const member = c.get("member");
        const machine = c.req.header(MACHINE_HEADER)?.slice(0, 255);
        const origin = {
          member: member.member,
          ...(typeof event.cwd === "string" ? { cwd: event.cwd } : {}),
          ...(machine ? { machine } : {}),
        };
        const backend = new DurableBackend(c.env.SESSION_STORE, member.team);
        const ctx: HookContext = {
          tasks: new Tasks(backend, { sessionId: session.data, origin }),
          team: new Tasks(backend, { sessionId: TEAM_SCOPE, origin }),
          env: c.env,
          member,
        };
        noteActivity(c, session.data, { afterAnswer: true });
        if (c.env.FASTHOOKS_STRICT !== "1") return c.json(await app.dispatch(event, ctx));
        // Developing: a handler's mistake is shown in Claude Code, not just logged.
        try {
          return c.json(await app.dispatch(event, ctx, { strict: true }));
        } catch (error) {
          console.error(`fasthooks: ${event.hook_event_name} in session ${event.session_id}:`, error);
          const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
          return c.json({ systemMessage: capText(`fasthooks (FASTHOOKS_STRICT=1): ${reason}`) } satisfies HookOutput);
        }
      },
    );
}
