import type { AddRequest, ListRequest, PutRequest, TaskBackend, TaskFailure, TaskFilter, TaskPage, WaitUntil } from "../tasks/backend";
import { defaultRegistry, type TaskRegistry } from "../tasks/registry";
import type { AddResult, TaskEntry, TaskResult } from "../tasks/result";
import { sessionStore } from "./names";
import type { SessionStore } from "./session-store";

/**
 * Tasks kept in the team's SessionStore Durable Objects and run by the queue consumer. Each
 * store knows its own session (its name), so its RPC is the backend's, less the session.
 */
export class DurableBackend implements TaskBackend {
  constructor(
    private readonly namespace: DurableObjectNamespace<SessionStore>,
    private readonly team: string,
    readonly registry: TaskRegistry = defaultRegistry,
  ) {}

  private store(session: string): DurableObjectStub<SessionStore> {
    return sessionStore(this.namespace, { team: this.team, session });
  }

  add(session: string, request: AddRequest): Promise<AddResult> {
    return this.store(session).add(request);
  }

  put(session: string, request: PutRequest): Promise<TaskResult> {
    return this.store(session).put(request);
  }

  get(session: string, key: string): Promise<TaskResult | null> {
    return this.store(session).get(key);
  }

  list(session: string, request: ListRequest): Promise<TaskPage> {
    return this.store(session).list(request);
  }

  keys(session: string, filter: TaskFilter, limit: number): Promise<TaskEntry[]> {
    return this.store(session).keys(filter, limit);
  }

  pop(session: string, key: string): Promise<{ value: unknown } | null> {
    return this.store(session).pop(key);
  }

  popAll(session: string): Promise<Record<string, unknown>> {
    return this.store(session).popAll();
  }

  popErrors(session: string): Promise<TaskFailure[]> {
    return this.store(session).popErrors();
  }

  has(session: string, key?: string): Promise<boolean> {
    return this.store(session).has(key);
  }

  cancel(session: string, key: string): Promise<boolean> {
    return this.store(session).cancel(key);
  }

  cancelAll(session: string): Promise<number> {
    return this.store(session).cancelAll();
  }

  wait(session: string, keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]> {
    return this.store(session).wait(keys, until, timeoutMs);
  }
}
