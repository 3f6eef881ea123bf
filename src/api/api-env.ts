import type { Tasks } from "../tasks/tasks";
import type { Member } from "../hooks/context";
import type { DeleteOutcome, RetryOutcome } from "../store/task-table";
import type { TaskDetail, TaskOrigin } from "../tasks/result";

/** Hono's typing for our routes: the Worker's bindings, and what middleware puts on the context. */
export interface ApiEnv {
  Bindings: Env;
  Variables: {
    member: Member;
    /** The `:session` of the route, in the member's team. */
    tasks: Tasks;
    /** That session's store itself, for what only the REST API does (a task's detail, retry, delete). */
    store: ScopeStore;
  };
}

/** What only the REST API asks of a scope's store (the rest goes through `Tasks`). */
export interface ScopeStore {
  detail(key: string): Promise<TaskDetail | null>;
  retry(key: string, addedBy: TaskOrigin): Promise<RetryOutcome>;
  deleteResult(key: string, by: { member: string; admin: boolean }): Promise<DeleteOutcome>;
}
