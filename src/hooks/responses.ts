/**
 * What a handler answers. Handlers say what they mean (`deny`, `context`...); output.ts turns
 * it into exactly the JSON Claude Code reads for the event at hand.
 */
export type HookResponse =
  /** No objection; an optional message is shown to the user (systemMessage). */
  | { kind: "allow"; message?: string; suppressOutput?: boolean }
  /** PreToolUse: refuse the tool call (the reason goes to Claude). PermissionRequest: deny. */
  | { kind: "deny"; reason: string }
  /** Stop, SubagentStop, PostToolUse, UserPromptSubmit: `decision: "block"` with the reason. */
  | { kind: "block"; reason: string }
  /** PreToolUse: ask the user, showing the reason. */
  | { kind: "ask"; reason: string }
  /** Text added to Claude's context (`additionalContext`). */
  | { kind: "context"; text: string }
  /** PreToolUse: allow without the permission prompt. PermissionRequest: approve. */
  | { kind: "approvePermission"; reason?: string; updatedInput?: Record<string, unknown> }
  /** PermissionRequest: deny, optionally interrupting Claude. */
  | { kind: "denyPermission"; reason: string; interrupt?: boolean }
  /** Any event: stop Claude altogether (`continue: false`), showing the reason to the user. */
  | { kind: "stop"; reason: string };

export type HookResponseKind = HookResponse["kind"];

export const allow = (options: { message?: string; suppressOutput?: boolean } = {}): HookResponse => ({
  kind: "allow",
  ...options,
});
export const deny = (reason: string): HookResponse => ({ kind: "deny", reason });
export const block = (reason: string): HookResponse => ({ kind: "block", reason });
export const ask = (reason: string): HookResponse => ({ kind: "ask", reason });
export const context = (text: string): HookResponse => ({ kind: "context", text });
export const approvePermission = (
  options: { reason?: string; updatedInput?: Record<string, unknown> } = {},
): HookResponse => ({ kind: "approvePermission", ...options });
export const denyPermission = (reason: string, options: { interrupt?: boolean } = {}): HookResponse => ({
  kind: "denyPermission",
  reason,
  ...options,
});
export const stop = (reason: string): HookResponse => ({ kind: "stop", reason });

/** Responses that decide: the first one wins and the handlers after it do not run. */
export function isDecision(response: HookResponse): boolean {
  return response.kind !== "allow" && response.kind !== "context";
}
