// What the page knows, shared by its parts: who is signed in, the team's sessions, the scope
// shown (a session or the team store) and its tasks.

export const state = {
  /** The WorkerClient of the signed-in member. */
  client: null,
  /** GET /v1/me: {team, member, admin}. */
  me: null,
  sessions: new Map(),
  /** TEAM or a session id. */
  selected: null,
  tasks: new Map(),
  shownKey: null,
  sockets: { index: null, tasks: null },
};

/** The team store's scope: no session id can be it (ids are letters, digits, "-" and "_"). */
export const TEAM = "~team";

/** The REST path of a scope: a session's, or the team store's. */
export function scopePath(scope = state.selected) {
  return scope === TEAM ? "/v1/team" : `/v1/sessions/${encodeURIComponent(scope)}`;
}

/**
 * Whether the signed-in member may change `task` in the scope shown: the rule of
 * src/tasks/permissions.ts, mirrored to show only the buttons that work (the Worker decides).
 * A session is its owner's or an admin's; the team store's task its adder's or an admin's.
 */
export function mayChange(task) {
  const { me } = state;
  if (me.admin) return true;
  if (state.selected === TEAM) return task.addedBy?.member === me.member;
  const owner = state.sessions.get(state.selected)?.owner;
  return owner == null || owner === me.member;
}

/** Whose `task` is, in the scope shown: the session's owner, or the shared task's adder. */
export function ownerOf(task) {
  return state.selected === TEAM ? task.addedBy?.member : state.sessions.get(state.selected)?.owner;
}

export function taskPath(key, scope = state.selected) {
  return `${scopePath(scope)}/tasks/${encodeURIComponent(key)}`;
}
