/**
 * Which answers each event takes, at run time: the mirror of `ResponsesByEvent` (responses.ts),
 * for handlers written in plain JavaScript, middleware, and events named by a variable. A test
 * holds the two together.
 */
import type { HookResponse, HookResponseKind } from "./responses";

const COMMON: readonly HookResponseKind[] = ["allow", "stop"];
const BLOCK_OR_CONTEXT: readonly HookResponseKind[] = [...COMMON, "block", "context"];

export const ANSWERS: Readonly<Record<string, readonly HookResponseKind[]>> = {
  PreToolUse: [...COMMON, "deny", "ask", "defer", "context", "approvePermission"],
  PermissionRequest: [...COMMON, "deny", "ask", "denyPermission", "approvePermission"],
  PreModelSwitch: [...COMMON, "deny", "ask", "approvePermission"],
  PostToolUse: BLOCK_OR_CONTEXT,
  PostToolUseFailure: BLOCK_OR_CONTEXT,
  PostToolBatch: BLOCK_OR_CONTEXT,
  UserPromptSubmit: BLOCK_OR_CONTEXT,
  UserPromptExpansion: BLOCK_OR_CONTEXT,
  Stop: BLOCK_OR_CONTEXT,
  SubagentStop: BLOCK_OR_CONTEXT,
  SessionStart: [...COMMON, "context", "watchPaths"],
  Setup: [...COMMON, "context"],
  SubagentStart: [...COMMON, "context"],
  Notification: [...COMMON, "context"],
  PostModelSwitch: [...COMMON, "context"],
  PreCompact: [...COMMON, "block"],
  TeammateIdle: [...COMMON, "block"],
  TaskCreated: [...COMMON, "block"],
  TaskCompleted: [...COMMON, "block"],
  ConfigChange: [...COMMON, "block"],
  Elicitation: [...COMMON, "block", "elicitation"],
  ElicitationResult: [...COMMON, "block", "elicitation"],
  PermissionDenied: [...COMMON, "retry"],
  CwdChanged: [...COMMON, "watchPaths"],
  FileChanged: [...COMMON, "watchPaths"],
  MessageDisplay: [...COMMON, "displayContent"],
  WorktreeCreate: [...COMMON, "worktreePath"],
  SessionEnd: COMMON,
  StopFailure: COMMON,
  PostCompact: COMMON,
  InstructionsLoaded: COMMON,
  WorktreeRemove: COMMON,
  DirectoryAdded: COMMON,
};

/** Options of approvePermission() that an event cannot carry. */
const APPROVE_REFUSES: Readonly<Record<string, readonly string[]>> = {
  PreToolUse: ["updatedPermissions"],
  PermissionRequest: ["reason"],
  PreModelSwitch: ["updatedInput", "updatedPermissions"],
};

/** Why `response` is wrong for `eventName`, or undefined when Claude Code takes it. */
export function problemWith(response: HookResponse, eventName: string): string | undefined {
  const takes = ANSWERS[eventName] ?? COMMON;
  if (!takes.includes(response.kind)) {
    return `${response.kind}() does not apply to ${eventName}; it applies to ${whereApplicable(response.kind)}`;
  }
  if (response.kind === "approvePermission") {
    const refused = (APPROVE_REFUSES[eventName] ?? []).filter(
      (option) => (response as unknown as Record<string, unknown>)[option] !== undefined,
    );
    if (refused.length > 0) {
      const why =
        eventName === "PermissionRequest"
          ? "Claude Code's PermissionRequest allow has no reason field (say it with allow({ message }) beside it)"
          : `Claude Code's ${eventName} answer has no such field`;
      return `approvePermission({ ${refused.join(", ")} }) on ${eventName}: ${why}`;
    }
  }
  return undefined;
}

export function whereApplicable(kind: HookResponseKind): string {
  if (COMMON.includes(kind)) return "every event";
  return Object.keys(ANSWERS)
    .filter((event) => ANSWERS[event]!.includes(kind))
    .join(", ");
}
