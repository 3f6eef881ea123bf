/**
 * How the Durable Objects are named, and so found: a session's store by its team and session,
 * a team's index by its team. The team is part of every name, so teams never share an object.
 */

/** One session of one team: the unit a SessionStore Durable Object holds. */
export interface SessionScope {
  team: string;
  session: string;
}

/** The name of a session's store: its team and session, as one string. */
export function sessionStoreName({ team, session }: SessionScope): string {
  return JSON.stringify([team, session]);
}

/** The team and session a store's name holds (the store reads it from `ctx.id.name`). */
export function scopeOfName(name: string): SessionScope {
  const [team, session] = JSON.parse(name) as [string, string];
  return { team, session };
}

export function sessionStore<T extends Rpc.DurableObjectBranded>(namespace: DurableObjectNamespace<T>, scope: SessionScope) {
  return namespace.get(namespace.idFromName(sessionStoreName(scope)));
}

/** The team's index of sessions and its settings: one object per team. */
export function teamIndex<T extends Rpc.DurableObjectBranded>(namespace: DurableObjectNamespace<T>, team: string) {
  return namespace.get(namespace.idFromName(team));
}
