// What a hook answers when the Worker cannot: per event, since "blocking" means something
// different on each. Exit 2 stops a tool on PreToolUse, but it makes Claude keep going on Stop
// and erases the user's prompt on UserPromptSubmit. So failing closed denies only where a
// denial stops an action before it happens (a tool call, a permission, a skill's shell command:
// the event table's decision events); everywhere else the hook fails as an unreachable HTTP
// hook does: a non-blocking error Claude Code reports, and the session goes on.
import { DECISION_EVENTS } from "../../src/hooks/event-table";
import type { FailMode } from "./config";

/** Claude Code's exit code for a non-blocking error: reported, and the action goes ahead. */
const EXIT_NON_BLOCKING = 1;

export interface FailureAnswer {
  code: number;
  stdout: string;
  stderr: string;
}

/** The shim's answer for `event` (undefined when stdin held no event) when the Worker could not answer. */
export function failureAnswer(mode: FailMode, event: string | undefined, reason: string): FailureAnswer {
  if (mode === "closed" && event !== undefined && DECISION_EVENTS.has(event)) {
    const message = `fasthooks: denied, the Worker could not check it (fail closed): ${reason}`;
    const decision =
      event === "PermissionRequest"
        ? { decision: { behavior: "deny", message } }
        : { permissionDecision: "deny", permissionDecisionReason: message };
    const output = { systemMessage: message, hookSpecificOutput: { hookEventName: event, ...decision } };
    return { code: 0, stdout: JSON.stringify(output), stderr: "" };
  }
  // Worded for either outcome: Claude Code goes on, or blocks where `install` wrote onFailure "block".
  return { code: EXIT_NON_BLOCKING, stdout: "", stderr: `fasthooks: hook not run: ${reason}\n` };
}
