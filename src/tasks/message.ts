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
