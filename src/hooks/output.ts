import type { HookResponse, HookResponseKind } from "./responses";

/** The JSON a hook answers, as Claude Code reads it from a command's stdout or an HTTP body. */
export interface HookOutput {
  continue?: boolean;
  stopReason?: string;
  suppressOutput?: boolean;
  systemMessage?: string;
  decision?: "block";
  reason?: string;
  hookSpecificOutput?: {
    hookEventName: string;
    permissionDecision?: "allow" | "deny" | "ask";
    permissionDecisionReason?: string;
    additionalContext?: string;
    updatedInput?: Record<string, unknown>;
    decision?: {
      behavior: "allow" | "deny";
      updatedInput?: Record<string, unknown>;
      message?: string;
      interrupt?: boolean;
    };
  };
}

/** Claude Code caps these strings at 10,000 characters. */
export const TEXT_LIMIT = 10_000;

/** Cuts text over the limit at a line or word boundary, with a marker saying how much was cut. */
export function capText(text: string, limit = TEXT_LIMIT): string {
  if (text.length <= limit) return text;
  const marker = (cut: number) => `\n[... ${cut} more characters cut by fasthooks]`;
  // The marker's own length depends on the count: reserve the widest it can be.
  let keep = limit - marker(text.length).length;
  const boundary = Math.max(text.lastIndexOf("\n", keep), text.lastIndexOf(" ", keep));
  if (boundary > keep * 0.8) keep = boundary;
  return text.slice(0, keep) + marker(text.length - keep);
}

/** Which responses mean something for which events. The rest is a mistake in the handler. */
const APPLIES: Record<Exclude<HookResponseKind, "allow" | "stop">, readonly string[]> = {
  deny: ["PreToolUse", "PermissionRequest"],
  ask: ["PreToolUse"],
  approvePermission: ["PreToolUse", "PermissionRequest"],
  denyPermission: ["PermissionRequest"],
  block: ["PostToolUse", "UserPromptSubmit", "Stop", "SubagentStop"],
  context: ["PreToolUse", "PostToolUse", "PostToolUseFailure", "UserPromptSubmit", "SessionStart", "SubagentStart"],
};

export function appliesTo(response: HookResponse, eventName: string): boolean {
  if (response.kind === "allow" || response.kind === "stop") return true;
  return APPLIES[response.kind].includes(eventName);
}

export function whereApplicable(kind: HookResponseKind): string {
  return kind === "allow" || kind === "stop" ? "every event" : APPLIES[kind].join(", ");
}

/**
 * The hook output for an event from what its handlers answered: the first decision (if any),
 * every message joined into systemMessage, every context joined into additionalContext.
 * Responses must already be checked with `appliesTo`.
 */
export function buildOutput(eventName: string, responses: HookResponse[]): HookOutput {
  const output: HookOutput = {};
  const messages: string[] = [];
  const contexts: string[] = [];
  let decision: HookResponse | undefined;
  for (const response of responses) {
    if (response.kind === "allow") {
      if (response.message) messages.push(response.message);
      if (response.suppressOutput) output.suppressOutput = true;
    } else if (response.kind === "context") {
      contexts.push(response.text);
    } else {
      decision ??= response;
    }
  }
  const specific: NonNullable<HookOutput["hookSpecificOutput"]> = { hookEventName: eventName };
  switch (decision?.kind) {
    case "deny":
      if (eventName === "PermissionRequest") specific.decision = { behavior: "deny", message: capText(decision.reason) };
      else Object.assign(specific, { permissionDecision: "deny", permissionDecisionReason: capText(decision.reason) });
      break;
    case "ask":
      Object.assign(specific, { permissionDecision: "ask", permissionDecisionReason: capText(decision.reason) });
      break;
    case "approvePermission":
      if (eventName === "PermissionRequest") {
        specific.decision = { behavior: "allow", ...(decision.updatedInput ? { updatedInput: decision.updatedInput } : {}) };
      } else {
        specific.permissionDecision = "allow";
        if (decision.reason) specific.permissionDecisionReason = capText(decision.reason);
        if (decision.updatedInput) specific.updatedInput = decision.updatedInput;
      }
      break;
    case "denyPermission":
      specific.decision = {
        behavior: "deny",
        message: capText(decision.reason),
        ...(decision.interrupt ? { interrupt: true } : {}),
      };
      break;
    case "block":
      output.decision = "block";
      output.reason = capText(decision.reason);
      break;
    case "stop":
      output.continue = false;
      output.stopReason = capText(decision.reason);
      break;
  }
  if (contexts.length) specific.additionalContext = capText(contexts.join("\n\n"));
  if (Object.keys(specific).length > 1) output.hookSpecificOutput = specific;
  if (messages.length) output.systemMessage = capText(messages.join("\n"));
  return output;
}
