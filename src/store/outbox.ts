/**
 * What travels on the task queue. Not the work itself (that stays in the session's store) but
 * a token: "claim the best pending task of this session". Each PENDING row owns exactly one
 * token on the queue, so each message leads to at most one run.
 */
export interface TaskMessage {
  team: string;
  session: string;
  token: string;
}

export function isTaskMessage(body: unknown): body is TaskMessage {
  if (typeof body !== "object" || body === null) return false;
  const { team, session, token } = body as Record<string, unknown>;
  return typeof team === "string" && typeof session === "string" && typeof token === "string";
}
