import type { Tasks } from "../tasks/tasks";
import type { Member } from "../hooks/context";
import type { DeleteOutcome, RetryOutcome } from "../store/task-table";
import type { HookApp } from "../hooks/hook-app";
import type { Actor } from "../tasks/permissions";
import type { TaskDetail } from "../tasks/result";

/** Hono's typing for our routes: the Worker's bindings, and what middleware puts on the context. */
export interface ApiEnv {
  Bindings: Env;
  Variables: {
    member: Member;
    /** The hook app this Worker serves (the keys it reserves for its hooks, say). */
    app: HookApp;
    /** The `:session` of the route, in the member's team. */
    tasks: Tasks;
    /** That session's store itself, for what only the REST API does (a task's detail, retry, delete). */
    store: ScopeStore;
  };
}

/** What only the REST API asks of a scope's store (the rest goes through `Tasks`). */
interface ScopeStore {
  detail(key: string): Promise<TaskDetail | null>;
  retry(key: string, actor: Actor): Promise<RetryOutcome>;
  deleteResult(key: string, actor: Actor): Promise<DeleteOutcome>;
}
