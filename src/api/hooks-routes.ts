import { Hono } from "hono";
import { z } from "zod";
import type { HookApp } from "../hooks/hook-app";
import type { HookContext } from "../hooks/context";
import { serveApp } from "../hooks/served-app";
import { baseEventSchema, type BaseEvent } from "../hooks/events";
import type { HookOutput } from "../hooks/output";
import { cutPaths, EventTooLargeError, readEventText } from "../hooks/oversized";
import { HANDLER_WAIT_BUDGET_MS, type HooksSettings, MACHINE_HEADER, settingsFragment } from "../hooks/settings-fragment";
import { durableBackend } from "../store/durable-backend";
import { sessionStore } from "../store/names";
import type { HookRequest } from "../store/session-store";
import { sessionIdSchema } from "../tasks/input";
import { scopedTasks } from "../tasks/tasks";
import { noteActivity } from "./activity";
import type { ApiEnv } from "./api-env";
import { apiError } from "./errors";
import { validate } from "./validate";

/**
 * GET /v1/hooks/settings: the settings fragment `install` writes, for a member who pastes it
 * instead, with this Worker's URL as the request reached it (its public name on Cloudflare).
 * The query says which entries (HTTP or the shim) and what a failure does.
 */
const settingsQuery = z.object({
  mode: z.enum(["http", "command"]).default("http"),
  failMode: z.enum(["open", "closed"]).default("open"),
});

/**
 * /v1/hooks: Claude Code's events in, hook output out. Every decision is in the 200 JSON body:
 * Claude Code treats any other status as a non-blocking error, so a status can never block.
 * For the same reason an event too large to read whole is still answered (oversized.ts).
 */
export function hooksRoutes(app: HookApp) {
  const appNumber = serveApp(app);
  return new Hono<ApiEnv>()
    .get("/events", (c) => c.json(app.events()))
    .get("/settings", validate("query", settingsQuery, "invalid_query"), (c) => {
      const { mode, failMode } = c.req.valid("query");
      return c.json(settingsFragment(app.events(), { url: new URL(c.req.url).origin, mode, failMode }) satisfies HooksSettings);
    })
    .post("/", async (c) => {
      const arrived = Date.now();
      let read: Awaited<ReturnType<typeof readEventText>>;
      try {
        read = await readEventText(c.req.raw.body);
      } catch (error) {
        if (error instanceof EventTooLargeError) return apiError(c, 413, "payload_too_large", error.message);
        throw error;
      }
      let json: unknown;
      try {
        json = JSON.parse(read.text);
      } catch (error) {
        return apiError(c, 400, "invalid_json", `The event is not JSON: ${(error as Error).message}`);
      }
      const parsed = baseEventSchema.safeParse(json);
      if (!parsed.success) {
        const details = parsed.error.issues
          .map((issue) => (issue.path.length ? `${issue.path.join(".")}: ${issue.message}` : issue.message))
          .join("; ");
        return apiError(c, 400, "invalid_event", details);
      }
      const event = parsed.data as BaseEvent;
      const session = sessionIdSchema.safeParse(event.session_id);
      if (!session.success) return apiError(c, 400, "invalid_session", session.error.issues[0]!.message);
      const member = c.get("member");
      const machine = c.req.header(MACHINE_HEADER)?.slice(0, 255);
      const request: HookRequest = {
        app: appNumber,
        member,
        origin: {
          member: member.member,
          ...(typeof event.cwd === "string" ? { cwd: event.cwd } : {}),
          ...(machine ? { machine } : {}),
        },
        cut: read.cut ? cutPaths(event) : [],
        deadline: arrived + HANDLER_WAIT_BUDGET_MS,
        strict: c.env.FASTHOOKS_STRICT === "1",
      };
      noteActivity(c, session.data, { afterAnswer: true });
      const store = sessionStore(c.env.SESSION_STORE, { team: member.team, session: session.data });
      try {
        // One call: the handlers run in the session's store, next to its tasks.
        return c.json((await store.hook(event, request)) as HookOutput);
      } catch (error) {
        // The store is out of reach: the handlers run here, each of their task calls tried on its
        // own (and failing alone), so a policy that needs no store still decides.
        console.error(`fasthooks: the store of session ${session.data} is out of reach; its hook runs in the Worker:`, error);
        const ctx: HookContext = {
          ...scopedTasks(durableBackend(c.env.SESSION_STORE, member.team), session.data, request.origin, request.deadline),
          env: c.env,
          member,
          cut: request.cut,
        };
        return c.json(await app.answer(event, ctx, { strict: request.strict }));
      }
    });
}
