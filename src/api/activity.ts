import type { Context } from "hono";
import { teamIndex } from "../store/scope";
import { TEAM_SCOPE } from "../tasks/scope";
import type { ApiEnv } from "./env";

/**
 * Records in the team index that the caller worked in `session` now (a hook arrived, a task
 * was added). In the background: the answer does not wait for the index.
 */
export function noteActivity(c: Context<ApiEnv>, session: string): void {
  if (session === TEAM_SCOPE) return;
  const { team, member } = c.get("member");
  const touched = teamIndex(c.env.TEAM_INDEX, team)
    .touch(session, member)
    .catch((error: unknown) => console.error(`fasthooks: could not note activity in ${session}:`, error));
  c.executionCtx.waitUntil(touched);
}
