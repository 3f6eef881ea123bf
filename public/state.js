// What the page knows, shared by its parts: who is signed in, the team's sessions, the scope
// shown (a session or the team store) and its tasks.

export const state = {
  /** The WorkerClient of the signed-in member. */
  client: null,
  /** GET /v1/me: {team, member, admin}. */
  me: null,
  sessions: new Map(),
  /** "team" or a session id. */
  selected: null,
  tasks: new Map(),
  shownKey: null,
  sockets: { index: null, tasks: null },
};

/** The REST path of a scope: a session's, or the team store's. */
export function scopePath(scope = state.selected) {
  return scope === "team" ? "/v1/team" : `/v1/sessions/${encodeURIComponent(scope)}`;
}

export function taskPath(key, scope = state.selected) {
  return `${scopePath(scope)}/tasks/${encodeURIComponent(key)}`;
}
