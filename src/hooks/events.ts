import { z } from "zod";
import type { ToolInputOf } from "./tool-input";

/**
 * The hook events Claude Code documents today. Any other name is accepted too: Claude Code
 * adds events over time, and `HookApp.on()` takes any string.
 */
export const HOOK_EVENTS = [
  "SessionStart",
  "SessionEnd",
  "UserPromptSubmit",
  "PreToolUse",
  "PermissionRequest",
  "PermissionDenied",
  "PostToolUse",
  "PostToolUseFailure",
  "Notification",
  "SubagentStart",
  "SubagentStop",
  "Stop",
  "StopFailure",
  "PreCompact",
  "PostCompact",
  "Setup",
  "TeammateIdle",
  "TaskCreated",
  "TaskCompleted",
  "ConfigChange",
  "InstructionsLoaded",
  "CwdChanged",
  "FileChanged",
  "WorktreeCreate",
  "WorktreeRemove",
  "Elicitation",
  "ElicitationResult",
] as const;
export type KnownHookEvent = (typeof HOOK_EVENTS)[number];

/** Fields every event carries. Lenient: unknown fields pass through, never rejected. */
export const baseEventSchema = z.looseObject({
  session_id: z.string(),
  hook_event_name: z.string().min(1),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  permission_mode: z.string().optional(),
});

export interface BaseEvent {
  session_id: string;
  hook_event_name: string;
  transcript_path?: string;
  cwd?: string;
  /** "default", "plan", "acceptEdits", "bypassPermissions"... */
  permission_mode?: string;
  [field: string]: unknown;
}

interface ToolEventFields<T extends string> {
  tool_name: T;
  tool_input: ToolInputOf<T>;
  tool_use_id?: string;
}

export interface PreToolUseEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PreToolUse";
}

export interface PermissionRequestEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PermissionRequest";
  permission_suggestions?: unknown[];
}

export interface PostToolUseEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PostToolUse";
  tool_response?: unknown;
}

export interface PostToolUseFailureEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PostToolUseFailure";
  error?: string;
  is_interrupt?: boolean;
}

export interface UserPromptSubmitEvent extends BaseEvent {
  hook_event_name: "UserPromptSubmit";
  prompt: string;
}

export interface StopEvent extends BaseEvent {
  hook_event_name: "Stop";
  /** True when Claude is already continuing because of a Stop hook: do not block again. */
  stop_hook_active?: boolean;
  last_assistant_message?: string;
}

export interface SubagentStartEvent extends BaseEvent {
  hook_event_name: "SubagentStart";
  agent_id?: string;
  agent_type?: string;
}

export interface SubagentStopEvent extends BaseEvent {
  hook_event_name: "SubagentStop";
  stop_hook_active?: boolean;
  agent_id?: string;
  agent_type?: string;
  agent_transcript_path?: string;
}

export interface SessionStartEvent extends BaseEvent {
  hook_event_name: "SessionStart";
  /** "startup", "resume", "clear" or "compact". */
  source?: string;
  model?: string;
}

export interface SessionEndEvent extends BaseEvent {
  hook_event_name: "SessionEnd";
  /** "clear", "logout", "prompt_input_exit", "other"... */
  reason?: string;
}

export interface PreCompactEvent extends BaseEvent {
  hook_event_name: "PreCompact";
  /** "manual" or "auto". */
  trigger?: string;
  custom_instructions?: string;
}

export interface NotificationEvent extends BaseEvent {
  hook_event_name: "Notification";
  message?: string;
  title?: string;
  notification_type?: string;
}

/** Event name -> its typed event. Other names get the base shape. */
export interface HookEvents {
  PreToolUse: PreToolUseEvent;
  PermissionRequest: PermissionRequestEvent;
  PostToolUse: PostToolUseEvent;
  PostToolUseFailure: PostToolUseFailureEvent;
  UserPromptSubmit: UserPromptSubmitEvent;
  Stop: StopEvent;
  SubagentStart: SubagentStartEvent;
  SubagentStop: SubagentStopEvent;
  SessionStart: SessionStartEvent;
  SessionEnd: SessionEndEvent;
  PreCompact: PreCompactEvent;
  Notification: NotificationEvent;
}

export type EventOf<E extends string> = E extends keyof HookEvents ? HookEvents[E] : BaseEvent;

/**
 * What a matcher is tested against, per event, as in Claude Code: the tool name for tool
 * events, the source, trigger, type or reason for the others that have matchers.
 */
export function matchTarget(event: BaseEvent): string | undefined {
  const field = MATCH_FIELDS[event.hook_event_name];
  const value = field ? event[field] : undefined;
  return typeof value === "string" ? value : undefined;
}

const MATCH_FIELDS: Record<string, string> = {
  PreToolUse: "tool_name",
  PermissionRequest: "tool_name",
  PermissionDenied: "tool_name",
  PostToolUse: "tool_name",
  PostToolUseFailure: "tool_name",
  SessionStart: "source",
  SessionEnd: "reason",
  PreCompact: "trigger",
  PostCompact: "trigger",
  Notification: "notification_type",
  SubagentStart: "agent_type",
  SubagentStop: "agent_type",
};
