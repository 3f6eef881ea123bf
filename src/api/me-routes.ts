import { Hono } from "hono";
import type { Member } from "../hooks/context";
import type { ApiEnv } from "./api-env";

/** /v1/me: who the token belongs to (the team page says who is signed in, and shows what they may do). */
export const meRoutes = new Hono<ApiEnv>().get("/", (c) => {
  const { team, member, admin } = c.get("member");
  return c.json({ team, member, admin } satisfies Member);
});
