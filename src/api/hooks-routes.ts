import { Hono } from "hono";
import { z } from "zod";
import type { HookApp } from "../hooks/hook-app";
import type { HookContext } from "../hooks/context";
import { baseEventSchema, type BaseEvent } from "../hooks/events";
import { capText, type HookOutput } from "../hooks/output";
import { cutPaths, EventTooLargeError, readEventText } from "../hooks/oversized";
import { HANDLER_WAIT_BUDGET_MS, type HooksSettings, MACHINE_HEADER, settingsFragment } from "../hooks/settings-fragment";
import { DurableBackend } from "../store/durable-backend";
import { sessionIdSchema } from "../tasks/input";
import { describeError } from "../tasks/result";
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
      const origin = {
        member: member.member,
        ...(typeof event.cwd === "string" ? { cwd: event.cwd } : {}),
        ...(machine ? { machine } : {}),
      };
      const ctx: HookContext = {
        ...scopedTasks(new DurableBackend(c.env.SESSION_STORE, member.team), session.data, origin, arrived + HANDLER_WAIT_BUDGET_MS),
        env: c.env,
        member,
        cut: read.cut ? cutPaths(event) : [],
      };
      noteActivity(c, session.data, { afterAnswer: true });
      if (c.env.FASTHOOKS_STRICT !== "1") return c.json(await app.dispatch(event, ctx));
      // Developing: a handler's mistake is shown in Claude Code, not just logged.
      try {
        return c.json(await app.dispatch(event, ctx, { strict: true }));
      } catch (error) {
        console.error(`fasthooks: ${event.hook_event_name} in session ${event.session_id}:`, error);
        return c.json({ systemMessage: capText(`fasthooks (FASTHOOKS_STRICT=1): ${describeError(error)}`) } satisfies HookOutput);
      }
    });
}
