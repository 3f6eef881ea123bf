import { z } from "zod";
import type { ToolInputOf } from "./tool-input";

/**
 * What the Worker requires of any event. Lenient on purpose: unknown events and unknown
 * fields pass through, never refused; the typed interfaces below say what Claude Code sends.
 */
export const baseEventSchema = z.looseObject({
  session_id: z.string(),
  hook_event_name: z.string().min(1),
  transcript_path: z.string().optional(),
  cwd: z.string().optional(),
  permission_mode: z.string().optional(),
});

/** Fields Claude Code puts on every event. */
export interface BaseEvent {
  session_id: string;
  hook_event_name: string;
  transcript_path?: string;
  cwd?: string;
  /** Correlates a prompt with every event until the next one; absent before the first prompt. */
  prompt_id?: string;
  /** "default", "plan", "acceptEdits", "bypassPermissions", "dontAsk", "auto"... */
  permission_mode?: string;
  /** Present only when the hook fires inside a subagent. */
  agent_id?: string;
  /** The subagent's type, or the main thread's with `--agent`. */
  agent_type?: string;
  /** The turn's reasoning effort, on models that have one. */
  effort?: { level: string };
  scratchpad_dir?: string;
  [field: string]: unknown;
}

/** The MCP server behind an `mcp__*` tool; absent for built-in tools. */
export interface McpServerInfo {
  name: string;
  /** "sdk", "plugin", "user", "project", "local", "dynamic", "managed"...: an open set. */
  source: string;
}

interface ToolEventFields<T extends string> {
  tool_name: T;
  tool_input: ToolInputOf<T>;
  mcp_server?: McpServerInfo;
}

export interface PreToolUseEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PreToolUse";
  tool_use_id: string;
}

export interface PermissionRequestEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PermissionRequest";
  permission_suggestions?: unknown[];
  /** "mcp_skill": the ask before an MCP server's skill loads (`mcp_server` names the server). */
  tool_kind?: "mcp_skill";
  mcp_skill?: { name: string; version: string; uri?: string; server_description?: string };
}

export interface PostToolUseEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PostToolUse";
  tool_use_id: string;
  tool_response: unknown;
  /** The tool's own run time, without permission prompts and hooks. */
  duration_ms?: number;
}

export interface PostToolUseFailureEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PostToolUseFailure";
  tool_use_id: string;
  error: string;
  is_interrupt?: boolean;
  duration_ms?: number;
}

export interface PermissionDeniedEvent<T extends string = string> extends BaseEvent, ToolEventFields<T> {
  hook_event_name: "PermissionDenied";
  tool_use_id: string;
  reason: string;
}

export interface ToolCall {
  tool_name: string;
  tool_input: Record<string, unknown>;
  tool_use_id: string;
  tool_response?: unknown;
}

/** Once per batch of tool calls, after all of them resolved, before the next model request. */
export interface PostToolBatchEvent extends BaseEvent {
  hook_event_name: "PostToolBatch";
  tool_calls: ToolCall[];
}

export interface NotificationEvent extends BaseEvent {
  hook_event_name: "Notification";
  message: string;
  title?: string;
  /** "permission_prompt", "idle_prompt", "auth_success", "elicitation_dialog"... */
  notification_type: string;
}

export interface UserPromptSubmitEvent extends BaseEvent {
  hook_event_name: "UserPromptSubmit";
  prompt: string;
  /** Who wrote the prompt: "user", "sdk", "system", "loop_wakeup", "schedule_wakeup", "poll_event". */
  source?: string;
  session_title?: string;
}

/** A slash command or MCP prompt the user typed, about to expand into a prompt. */
export interface UserPromptExpansionEvent extends BaseEvent {
  hook_event_name: "UserPromptExpansion";
  expansion_type: "slash_command" | "mcp_prompt";
  command_name: string;
  command_args: string;
  command_source?: string;
  prompt: string;
}

export interface SessionStartEvent extends BaseEvent {
  hook_event_name: "SessionStart";
  source: "startup" | "resume" | "clear" | "compact" | "fork";
  model?: string;
  session_title?: string;
  /** resume/fork: seconds since the transcript's last answer. */
  seconds_since_last_response?: number;
  context_tokens?: number;
  prompt_cache_likely_expired?: boolean;
  estimated_cache_write_usd?: number;
}

export interface SessionEndEvent extends BaseEvent {
  hook_event_name: "SessionEnd";
  reason: "clear" | "resume" | "logout" | "prompt_input_exit" | "other";
}

export interface SetupEvent extends BaseEvent {
  hook_event_name: "Setup";
  trigger: "init" | "maintenance";
}

/** Background work still in flight when Claude stops (shells, subagents, monitors...). */
export interface BackgroundTask {
  id: string;
  type: string;
  status: string;
  description: string;
  command?: string;
  agent_type?: string;
  server?: string;
  tool?: string;
  name?: string;
}

/** A cron or wake-up that will bring the session back later. */
export interface SessionCron {
  id: string;
  schedule: string;
  recurring: boolean;
  prompt: string;
}

export interface StopEvent extends BaseEvent {
  hook_event_name: "Stop";
  /** True when Claude is already continuing because of a Stop hook: do not block again. */
  stop_hook_active: boolean;
  last_assistant_message?: string;
  background_tasks?: BackgroundTask[];
  session_crons?: SessionCron[];
}

/** Instead of Stop when an API error ended the turn. Claude Code ignores the answer. */
export interface StopFailureEvent extends BaseEvent {
  hook_event_name: "StopFailure";
  /** "rate_limit", "overloaded", "authentication_failed", "server_error", "unknown"... */
  error: string;
  error_details?: string;
  last_assistant_message?: string;
}

export interface SubagentStartEvent extends BaseEvent {
  hook_event_name: "SubagentStart";
  agent_id: string;
  agent_type: string;
}

export interface SubagentStopEvent extends BaseEvent {
  hook_event_name: "SubagentStop";
  stop_hook_active: boolean;
  agent_id: string;
  agent_type: string;
  agent_transcript_path: string;
  last_assistant_message?: string;
  background_tasks?: BackgroundTask[];
  session_crons?: SessionCron[];
}

export interface PreCompactEvent extends BaseEvent {
  hook_event_name: "PreCompact";
  trigger: "manual" | "auto";
  /** What the user typed after /compact; null when nothing. */
  custom_instructions: string | null;
}

export interface PostCompactEvent extends BaseEvent {
  hook_event_name: "PostCompact";
  trigger: "manual" | "auto";
  compact_summary: string;
}

interface ModelSwitchFields {
  from_model: string;
  to_model: string;
  /** What was asked for ("opus", a full id), or null for the default. */
  requested_model: string | null;
  /** "command", "picker", "sdk"; PostModelSwitch adds "auto" and "resume". */
  source: string;
  context_tokens: number;
  prompt_cache_warm: boolean;
  cache_ttl: "5m" | "1h";
  estimated_cache_write_usd: number;
  pricing: "configured" | "catalog" | "default";
}

export interface PreModelSwitchEvent extends BaseEvent, ModelSwitchFields {
  hook_event_name: "PreModelSwitch";
}

export interface PostModelSwitchEvent extends BaseEvent, ModelSwitchFields {
  hook_event_name: "PostModelSwitch";
}

export interface TeammateIdleEvent extends BaseEvent {
  hook_event_name: "TeammateIdle";
  teammate_name: string;
  team_name: string;
}

interface TaskFields {
  task_id: string;
  task_subject: string;
  task_description?: string;
  teammate_name?: string;
  team_name?: string;
}

export interface TaskCreatedEvent extends BaseEvent, TaskFields {
  hook_event_name: "TaskCreated";
}

export interface TaskCompletedEvent extends BaseEvent, TaskFields {
  hook_event_name: "TaskCompleted";
}

export interface ElicitationEvent extends BaseEvent {
  hook_event_name: "Elicitation";
  mcp_server_name: string;
  message: string;
  mode?: "form" | "url";
  url?: string;
  elicitation_id?: string;
  requested_schema?: Record<string, unknown>;
}

export interface ElicitationResultEvent extends BaseEvent {
  hook_event_name: "ElicitationResult";
  mcp_server_name: string;
  elicitation_id?: string;
  mode?: "form" | "url";
  action: "accept" | "decline" | "cancel";
  content?: Record<string, unknown>;
}

export interface ConfigChangeEvent extends BaseEvent {
  hook_event_name: "ConfigChange";
  source: "user_settings" | "project_settings" | "local_settings" | "policy_settings" | "skills";
  file_path?: string;
}

export interface InstructionsLoadedEvent extends BaseEvent {
  hook_event_name: "InstructionsLoaded";
  file_path: string;
  memory_type: "User" | "Project" | "Local" | "Managed";
  load_reason: "session_start" | "nested_traversal" | "path_glob_match" | "include" | "compact";
  globs?: string[];
  trigger_file_path?: string;
  parent_file_path?: string;
}

export interface WorktreeCreateEvent extends BaseEvent {
  hook_event_name: "WorktreeCreate";
  /** The suggested worktree slug. */
  name: string;
}

export interface WorktreeRemoveEvent extends BaseEvent {
  hook_event_name: "WorktreeRemove";
  worktree_path: string;
}

export interface CwdChangedEvent extends BaseEvent {
  hook_event_name: "CwdChanged";
  old_cwd: string;
  new_cwd: string;
}

/** A file named by a FileChanged matcher (or a `watchPaths` answer) changed. */
export interface FileChangedEvent extends BaseEvent {
  hook_event_name: "FileChanged";
  file_path: string;
  event: "change" | "add" | "unlink";
}

export interface DirectoryAddedEvent extends BaseEvent {
  hook_event_name: "DirectoryAdded";
  directory: string;
  source: "slash_command" | "register_repo_root";
}

/** Each batch of whole lines of an assistant message as it streams: display only. */
export interface MessageDisplayEvent extends BaseEvent {
  hook_event_name: "MessageDisplay";
  turn_id: string;
  message_id: string;
  index: number;
  final: boolean;
  delta: string;
}

/** A shell command in a skill's or a slash command's text, before it runs: `deny()` keeps it from running. */
export interface PreSkillShellCommandEvent extends BaseEvent {
  hook_event_name: "PreSkillShellCommand";
  /** The shell that runs it: "Bash" or "PowerShell". */
  tool_name: string;
  /** The command as it would run, arguments filled in. */
  tool_input: { command: string };
  /** Names this command; no tool call in the transcript has it. */
  tool_use_id: string;
  /** The skill or command whose text holds it. */
  command_name: string;
  command_source?: string;
  /** Who started the load: the user (or an SDK host), Claude (the Skill tool), or anything else. */
  invoked_by: "user" | "claude" | "other";
}
