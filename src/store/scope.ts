import type { SessionStore } from "./session-store";
import type { TeamIndex } from "./team-index";

/** One session of one team: the unit a SessionStore Durable Object holds. */
export interface SessionScope {
  team: string;
  session: string;
}

/** The store for a scope. The team is part of the name, so teams can never share an object. */
export function sessionStore(namespace: DurableObjectNamespace<SessionStore>, scope: SessionScope): DurableObjectStub<SessionStore> {
  return namespace.get(namespace.idFromName(JSON.stringify([scope.team, scope.session])));
}

/** The team's index of sessions and its settings: one object per team. */
export function teamIndex(namespace: DurableObjectNamespace<TeamIndex>, team: string): DurableObjectStub<TeamIndex> {
  return namespace.get(namespace.idFromName(team));
}
