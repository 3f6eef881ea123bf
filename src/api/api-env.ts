import type { Tasks } from "../tasks/tasks";
import type { Member } from "../hooks/context";

/** Hono's typing for our routes: the Worker's bindings, and what middleware puts on the context. */
export interface ApiEnv {
  Bindings: Env;
  Variables: {
    member: Member;
    /** The `:session` of the route, in the member's team. */
    tasks: Tasks;
  };
}
