import type { Context } from "hono";
import { teamIndex } from "../store/names";
import { TEAM_SCOPE } from "../tasks/tasks";
import type { ApiEnv } from "./api-env";

/** "Last seen" is kept to this resolution: one index write per member and session at most. */
const TOUCH_EVERY_MS = 15_000;
/**
 * A hook's index write comes this long after it, once its answer is long gone: locally one
 * process runs the Worker and every object, and the write made a new session's first hook ~4 ms
 * slower (measured). "Last seen" is coarser than this by far.
 */
const TOUCH_AFTER_MS = 1_000;
const lastTouched = new Map<string, number>();

/**
 * Records in the team index that the caller worked in `session` now (a hook arrived, a task
 * was added). In the background: the answer does not wait for the index. A hook's is written a
 * moment later (`afterAnswer`); a REST caller may list the sessions right after its add.
 */
export function noteActivity(c: Context<ApiEnv>, session: string, options: { afterAnswer?: boolean } = {}): void {
  if (session === TEAM_SCOPE) return;
  const { team, member } = c.get("member");
  // Every hook of a busy session would otherwise write to the one index object of its team.
  const id = JSON.stringify([team, session, member]);
  const now = Date.now();
  if (now - (lastTouched.get(id) ?? 0) < TOUCH_EVERY_MS) return;
  if (lastTouched.size > 10_000) lastTouched.clear();
  lastTouched.set(id, now);
  const index = teamIndex(c.env.TEAM_INDEX, team);
  const pause = options.afterAnswer ? new Promise((resolve) => setTimeout(resolve, TOUCH_AFTER_MS)) : Promise.resolve();
  const touched = pause
    .then(() => index.touch(session, member))
    .catch((error: unknown) => console.error(`fasthooks: could not note activity in ${session}:`, error));
  c.executionCtx.waitUntil(touched);
}
