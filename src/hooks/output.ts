import type { HookResponse } from "./responses";

/**
 * The JSON a hook answers, as Claude Code reads it from a command's stdout or an HTTP
 * body. `hookSpecificOutput` must name the event it answers, or Claude Code rejects the whole
 * answer; each event takes only its own fields (docs/claude-code-hooks.md).
 */
export interface HookOutput {
  continue?: boolean;
  stopReason?: string;
  suppressOutput?: boolean;
  systemMessage?: string;
  decision?: "block";
  reason?: string;
  hookSpecificOutput?: {
    hookEventName: string;
    permissionDecision?: "allow" | "deny" | "ask" | "defer";
    permissionDecisionReason?: string;
    additionalContext?: string;
    updatedInput?: Record<string, unknown>;
    decision?:
      | { behavior: "allow"; updatedInput?: Record<string, unknown>; updatedPermissions?: unknown[] }
      | { behavior: "deny"; message?: string; interrupt?: boolean };
    displayContent?: string;
    retry?: boolean;
    action?: "accept" | "decline" | "cancel";
    content?: Record<string, unknown>;
    watchPaths?: string[];
    worktreePath?: string;
  };
}

/**
 * Claude Code saves a systemMessage or additionalContext over 10,000 characters to a file and
 * shows a preview of it (the model can read the rest): text is sent whole, never cut here.
 */
export const TEXT_LIMIT = 10_000;

/** Cuts text over `limit` at a line or word boundary, with a marker saying how much was cut. */
export function capText(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const marker = (cut: number) => `\n[... ${cut} more characters cut by fasthooks]`;
  // The marker's own length depends on the count: reserve the widest it can be.
  let keep = limit - marker(text.length).length;
  const boundary = Math.max(text.lastIndexOf("\n", keep), text.lastIndexOf(" ", keep));
  if (boundary > keep * 0.8) keep = boundary;
  return text.slice(0, keep) + marker(text.length - keep);
}

type Specific = NonNullable<HookOutput["hookSpecificOutput"]>;

/**
 * The hook output for an event from what its handlers answered: the first decision (if any),
 * every message joined into systemMessage, every context joined into additionalContext.
 * Responses must already be checked with `problemWith` (answers.ts).
 */
export function buildOutput(eventName: string, responses: readonly HookResponse[]): HookOutput {
  const output: HookOutput = {};
  const messages: string[] = [];
  const contexts: string[] = [];
  const paths: string[] = [];
  const specific: Specific = { hookEventName: eventName };
  let decided = false;
  for (const response of responses) {
    switch (response.kind) {
      case "allow":
        if (response.message) messages.push(response.message);
        if (response.suppressOutput) output.suppressOutput = true;
        break;
      case "context":
        contexts.push(response.text);
        break;
      case "watchPaths":
        paths.push(...response.paths);
        break;
      case "retry":
        specific.retry = true;
        break;
      default:
        if (decided) break;
        decided = true;
        applyDecision(eventName, response, output, specific, messages);
    }
  }
  if (contexts.length) specific.additionalContext = contexts.join("\n\n");
  if (paths.length) specific.watchPaths = [...new Set(paths)];
  if (Object.keys(specific).length > 1) output.hookSpecificOutput = specific;
  if (messages.length) output.systemMessage = messages.join("\n");
  return output;
}

function applyDecision(eventName: string, response: HookResponse, output: HookOutput, specific: Specific, messages: string[]) {
  const permissionRequest = eventName === "PermissionRequest";
  switch (response.kind) {
    case "deny":
      if (permissionRequest) specific.decision = { behavior: "deny", message: response.reason };
      else Object.assign(specific, { permissionDecision: "deny", permissionDecisionReason: response.reason });
      break;
    case "ask":
      // A PermissionRequest with no decision shows Claude Code's own dialog: the user decides.
      if (permissionRequest) messages.push(response.reason);
      else Object.assign(specific, { permissionDecision: "ask", permissionDecisionReason: response.reason });
      break;
    case "defer":
      specific.permissionDecision = "defer";
      if (response.reason !== undefined) specific.permissionDecisionReason = response.reason;
      break;
    case "approvePermission":
      if (permissionRequest) {
        specific.decision = {
          behavior: "allow",
          ...(response.updatedInput ? { updatedInput: response.updatedInput } : {}),
          ...(response.updatedPermissions ? { updatedPermissions: response.updatedPermissions } : {}),
        };
      } else {
        specific.permissionDecision = "allow";
        if (response.reason !== undefined) specific.permissionDecisionReason = response.reason;
        if (response.updatedInput) specific.updatedInput = response.updatedInput;
      }
      break;
    case "denyPermission":
      specific.decision = { behavior: "deny", message: response.reason, ...(response.interrupt ? { interrupt: true } : {}) };
      break;
    case "block":
      output.decision = "block";
      output.reason = response.reason;
      break;
    case "stop":
      output.continue = false;
      output.stopReason = response.reason;
      break;
    case "displayContent":
      specific.displayContent = response.text;
      break;
    case "elicitation":
      specific.action = response.action;
      if (response.content !== undefined) specific.content = response.content;
      break;
    case "worktreePath":
      specific.worktreePath = response.path;
      break;
  }
}
