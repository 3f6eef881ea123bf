import type { TaskBackend, TaskStore } from "../tasks/backend";
import { defaultRegistry, type TaskRegistry } from "../tasks/registry";
import { sessionStore } from "./names";
import type { SessionStore } from "./session-store";

/**
 * A team's tasks in its SessionStore Durable Objects, as the Worker reaches them: each scope's
 * store is the object's stub, whose RPC methods are the `TaskStore` (every call is a request to
 * the object, so the REST API makes one per call and a task run's handles one per call).
 */
export function durableBackend(
  namespace: DurableObjectNamespace<SessionStore>,
  team: string,
  registry: TaskRegistry = defaultRegistry,
): TaskBackend {
  // A stub's methods are the object's, with RPC's types: the same data, typed for the wire.
  return { registry, store: (session) => sessionStore(namespace, { team, session }) as unknown as TaskStore };
}
