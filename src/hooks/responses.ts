/**
 * What a handler answers. Handlers say what they mean (`deny`, `context`...); output.ts turns
 * it into exactly the JSON Claude Code reads for the event at hand, and each event accepts only
 * the answers Claude Code takes from it (`ResponseFor`), in the types and at run time
 * (answers.ts), both from the event table.
 */

/** No objection; an optional message is shown to the user (systemMessage). Any event. */
export interface AllowResponse {
  kind: "allow";
  message?: string;
  suppressOutput?: boolean;
}
/** Stop Claude altogether (`continue: false`), showing the reason to the user. Any event. */
export interface StopResponse {
  kind: "stop";
  reason: string;
}
/** Refuse: the tool call (reason to Claude), the permission, the model switch, or a skill's shell command. */
export interface DenyResponse {
  kind: "deny";
  reason: string;
}
/** Let the user decide, showing the reason. */
export interface AskResponse {
  kind: "ask";
  reason: string;
}
/** PreToolUse: hold the tool call for the SDK host to decide later (`permissionDecision: "defer"`). */
export interface DeferResponse {
  kind: "defer";
  reason?: string;
}
/** `decision: "block"` with the reason, where Claude Code honours it (see the event table). */
export interface BlockResponse {
  kind: "block";
  reason: string;
}
/** Text added to Claude's context (`additionalContext`). */
export interface ContextResponse {
  kind: "context";
  text: string;
}
/** PreToolUse / PreModelSwitch: allow without the prompt. PermissionRequest: approve. */
export interface ApprovePermissionResponse {
  kind: "approvePermission";
  reason?: string;
  updatedInput?: Record<string, unknown>;
  /** PermissionRequest only: permission rules to add, as Claude Code's suggestions shape them. */
  updatedPermissions?: unknown[];
}
/** PermissionRequest: deny, optionally interrupting Claude. */
export interface DenyPermissionResponse {
  kind: "denyPermission";
  reason: string;
  interrupt?: boolean;
}
/** MessageDisplay: show this text in place of the streamed lines. */
export interface DisplayContentResponse {
  kind: "displayContent";
  text: string;
}
/** PermissionDenied: tell the model it may retry the call. */
export interface RetryResponse {
  kind: "retry";
}
/** Elicitation / ElicitationResult: answer the MCP server's request in the user's place. */
export interface ElicitationResponse {
  kind: "elicitation";
  action: "accept" | "decline" | "cancel";
  content?: Record<string, unknown>;
}
/** SessionStart, CwdChanged, FileChanged: absolute paths whose changes fire FileChanged. */
export interface WatchPathsResponse {
  kind: "watchPaths";
  paths: string[];
}
/** WorktreeCreate: where the worktree was created. Made by `onWorktreeCreate` only. */
export interface WorktreePathResponse {
  kind: "worktreePath";
  path: string;
}

export type HookResponse =
  | AllowResponse
  | StopResponse
  | DenyResponse
  | AskResponse
  | DeferResponse
  | BlockResponse
  | ContextResponse
  | ApprovePermissionResponse
  | DenyPermissionResponse
  | DisplayContentResponse
  | RetryResponse
  | ElicitationResponse
  | WatchPathsResponse
  | WorktreePathResponse;

export type HookResponseKind = HookResponse["kind"];

export const allow = (options: { message?: string; suppressOutput?: boolean } = {}): AllowResponse => ({
  kind: "allow",
  ...options,
});
export const stop = (reason: string): StopResponse => ({ kind: "stop", reason });
export const deny = (reason: string): DenyResponse => ({ kind: "deny", reason });
export const ask = (reason: string): AskResponse => ({ kind: "ask", reason });
export const defer = (reason?: string): DeferResponse => ({ kind: "defer", ...(reason === undefined ? {} : { reason }) });
export const block = (reason: string): BlockResponse => ({ kind: "block", reason });
export const context = (text: string): ContextResponse => ({ kind: "context", text });

type ApproveOptions = Omit<ApprovePermissionResponse, "kind">;

/**
 * Approve. Its type keeps the options given, so an event that cannot take one refuses it at
 * compile time: a PermissionRequest handler cannot answer `approvePermission({ reason })`.
 */
export function approvePermission(): { kind: "approvePermission" };
export function approvePermission<const O extends ApproveOptions>(options: O): { kind: "approvePermission" } & O;
export function approvePermission(options: ApproveOptions = {}): ApprovePermissionResponse {
  return { kind: "approvePermission", ...options };
}

export const denyPermission = (reason: string, options: { interrupt?: boolean } = {}): DenyPermissionResponse => ({
  kind: "denyPermission",
  reason,
  ...options,
});
export const displayContent = (text: string): DisplayContentResponse => ({ kind: "displayContent", text });
export const retry = (): RetryResponse => ({ kind: "retry" });
export const respondElicitation = (action: ElicitationResponse["action"], content?: Record<string, unknown>): ElicitationResponse => ({
  kind: "elicitation",
  action,
  ...(content === undefined ? {} : { content }),
});
export const watchPaths = (paths: string[]): WatchPathsResponse => ({ kind: "watchPaths", paths });

/** Responses that end the run: the first one wins and the handlers after it do not run. */
export function isDecision(response: HookResponse): boolean {
  return !["allow", "context", "watchPaths", "retry"].includes(response.kind);
}
