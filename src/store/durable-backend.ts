import { type SessionScope, sessionStore } from "./names";
import type { SessionStore } from "./session-store";
import type { AddRequest, ListRequest, PutRequest, TaskBackend, TaskFilter, TaskPage, WaitUntil } from "../tasks/backend";
import { defaultRegistry, type TaskRegistry } from "../tasks/registry";
import type { AddResult, TaskEntry, TaskError, TaskResult } from "../tasks/result";

/** Tasks kept in the team's SessionStore Durable Objects and run by the queue consumer. */
export class DurableBackend implements TaskBackend {
  constructor(
    private readonly namespace: DurableObjectNamespace<SessionStore>,
    private readonly team: string,
    readonly registry: TaskRegistry = defaultRegistry,
  ) {}

  private scope(session: string): SessionScope {
    return { team: this.team, session };
  }

  private store(session: string): DurableObjectStub<SessionStore> {
    return sessionStore(this.namespace, this.scope(session));
  }

  async add(session: string, request: AddRequest): Promise<AddResult> {
    return this.store(session).add(this.scope(session), request);
  }

  async put(session: string, request: PutRequest): Promise<TaskResult> {
    return this.store(session).put(this.scope(session), request);
  }

  async get(session: string, key: string): Promise<TaskResult | null> {
    return this.store(session).get(key);
  }

  async list(session: string, request: ListRequest): Promise<TaskPage> {
    return this.store(session).list(request);
  }

  async keys(session: string, filter: TaskFilter, limit: number): Promise<TaskEntry[]> {
    return this.store(session).keys(filter, limit);
  }

  async pop(session: string, key: string): Promise<{ value: unknown } | null> {
    return this.store(session).pop(key);
  }

  async popAll(session: string): Promise<Record<string, unknown>> {
    return this.store(session).popAll();
  }

  async popErrors(session: string): Promise<[string, TaskError][]> {
    const failed = await this.store(session).popErrors();
    return failed.map(({ key, error }): [string, TaskError] => [key, error]);
  }

  async has(session: string, key?: string): Promise<boolean> {
    return this.store(session).has(key);
  }

  async cancel(session: string, key: string): Promise<boolean> {
    return (await this.store(session).cancel(key)).length > 0;
  }

  async cancelAll(session: string): Promise<number> {
    return (await this.store(session).cancel()).length;
  }

  async wait(session: string, keys: string[], until: WaitUntil, timeoutMs: number): Promise<(TaskResult | null)[]> {
    return this.store(session).wait(keys, until, timeoutMs);
  }
}
