import type { Context } from "hono";
import { teamIndex } from "../store/scope";
import { TEAM_SCOPE } from "../tasks/scope";
import type { ApiEnv } from "./env";

/** "Last seen" is kept to this resolution: one index write per member and session at most. */
const TOUCH_EVERY_MS = 15_000;
const lastTouched = new Map<string, number>();

/**
 * Records in the team index that the caller worked in `session` now (a hook arrived, a task
 * was added). In the background: the answer does not wait for the index.
 */
export function noteActivity(c: Context<ApiEnv>, session: string): void {
  if (session === TEAM_SCOPE) return;
  const { team, member } = c.get("member");
  // Every hook of a busy session would otherwise write to the one index object of its team.
  const id = JSON.stringify([team, session, member]);
  const now = Date.now();
  if (now - (lastTouched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(id, now);
  const touched = teamIndex(c.env.TEAM_INDEX, team)
    .touch(session, member)
    .catch((error: unknown) => console.error(`fasthooks: could not note activity in ${session}:`, error));
  c.executionCtx.waitUntil(touched);
}
