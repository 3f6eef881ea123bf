import type { SessionStore } from "./session-store";

/** One session of one team: the unit a SessionStore Durable Object holds. */
export interface SessionScope {
  team: string;
  session: string;
}

/** The store for a scope. The team is part of the name, so teams can never share an object. */
export function sessionStore(
  namespace: DurableObjectNamespace<SessionStore>,
  scope: SessionScope,
): DurableObjectStub<SessionStore> {
  return namespace.get(namespace.idFromName(JSON.stringify([scope.team, scope.session])));
}
