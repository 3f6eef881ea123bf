import type { Tasks } from "../tasks/tasks";

/** Who sent an event or a request: a member of a team, from the `FASTHOOKS_TOKENS` secret. */
export interface Member {
  team: string;
  member: string;
  /** May delete sessions and change team settings. */
  admin: boolean;
}

/** What a handler gets beside the event. */
export interface HookContext {
  /** This session's background tasks. */
  tasks: Tasks;
  /** The team-wide scope: results shared by every member's sessions. */
  team: Tasks;
  /** The Worker's bindings. */
  env: Env;
  /** Who sent the event. */
  member: Member;
  /**
   * The fields of an oversized event whose text was cut to a preview ("tool_input.content");
   * empty or absent when the event is whole. See `whenCut` in HandlerOptions.
   */
  cut?: readonly string[];
}
