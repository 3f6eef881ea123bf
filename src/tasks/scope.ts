/**
 * The team-wide scope: a store beside the sessions, shared by every member of a team. Its id
 * cannot be a session id (those are [A-Za-z0-9_-]), so the two never meet.
 */
export const TEAM_SCOPE = "~team";
