/**
 * Claude Code 2.1.328's hook output schema and the fields each event's input requires, written
 * out by hand from its bundle (docs/claude-code-hooks.md quotes the source). The oracle test
 * checks them against the bundle's own schemas when the binary is installed; these keep the
 * checks running where it is not.
 */
import { z } from "zod";

const optionalText = z.string().optional();
const decisions = z.enum(["allow", "deny", "ask", "defer"]);
const elicitationAction = z.enum(["accept", "decline", "cancel"]);

/**
 * The schema; `object` is z.object as in Claude Code (unknown keys dropped), or z.strictObject
 * for a stricter copy: a field of ours that Claude Code would drop is a bug too.
 */
function outputSchemaWith(object: typeof z.object) {
  const hookSpecificOutput = z.union([
    object({
      hookEventName: z.literal("PreToolUse"),
      permissionDecision: decisions.optional(),
      permissionDecisionReason: optionalText,
      updatedInput: z.record(z.string(), z.unknown()).optional(),
      additionalContext: optionalText,
    }),
    object({
      hookEventName: z.literal("UserPromptSubmit"),
      additionalContext: optionalText,
      sessionTitle: optionalText,
      suppressOriginalPrompt: z.boolean().optional(),
    }),
    object({
      hookEventName: z.literal("UserPromptExpansion"),
      additionalContext: optionalText,
      suppressOriginalPrompt: z.boolean().optional(),
    }),
    object({
      hookEventName: z.literal("SessionStart"),
      additionalContext: optionalText,
      initialUserMessage: optionalText,
      sessionTitle: optionalText,
      watchPaths: z.array(z.string()).optional(),
      reloadSkills: z.boolean().optional(),
    }),
    object({ hookEventName: z.literal("Setup"), additionalContext: optionalText }),
    object({
      hookEventName: z.literal("PreModelSwitch"),
      permissionDecision: z.enum(["allow", "deny", "ask"]).optional(),
      permissionDecisionReason: optionalText,
    }),
    object({ hookEventName: z.literal("PostModelSwitch"), additionalContext: optionalText }),
    object({ hookEventName: z.literal("SubagentStart"), additionalContext: optionalText }),
    object({
      hookEventName: z.literal("PostToolUse"),
      additionalContext: optionalText,
      classifierContext: optionalText,
      updatedToolOutput: z.unknown().optional(),
      updatedMCPToolOutput: z.unknown().optional(),
    }),
    object({ hookEventName: z.literal("PostToolUseFailure"), additionalContext: optionalText }),
    object({ hookEventName: z.literal("PostToolBatch"), additionalContext: optionalText }),
    object({ hookEventName: z.literal("Stop"), additionalContext: optionalText }),
    object({ hookEventName: z.literal("SubagentStop"), additionalContext: optionalText }),
    object({ hookEventName: z.literal("PermissionDenied"), retry: z.boolean().optional() }),
    object({ hookEventName: z.literal("Notification"), additionalContext: optionalText }),
    object({
      hookEventName: z.literal("PermissionRequest"),
      decision: z.union([
        object({
          behavior: z.literal("allow"),
          updatedInput: z.record(z.string(), z.unknown()).optional(),
          updatedPermissions: z.array(z.unknown()).optional(),
        }),
        object({ behavior: z.literal("deny"), message: optionalText, interrupt: z.boolean().optional() }),
      ]),
    }),
    object({
      hookEventName: z.literal("Elicitation"),
      action: elicitationAction.optional(),
      content: z.record(z.string(), z.unknown()).optional(),
    }),
    object({
      hookEventName: z.literal("ElicitationResult"),
      action: elicitationAction.optional(),
      content: z.record(z.string(), z.unknown()).optional(),
    }),
    object({ hookEventName: z.literal("CwdChanged"), watchPaths: z.array(z.string()).optional() }),
    object({ hookEventName: z.literal("FileChanged"), watchPaths: z.array(z.string()).optional() }),
    object({ hookEventName: z.literal("WorktreeCreate"), worktreePath: z.string() }),
    object({ hookEventName: z.literal("MessageDisplay"), displayContent: optionalText }),
  ]);
  return object({
    continue: z.boolean().optional(),
    suppressOutput: z.boolean().optional(),
    stopReason: optionalText,
    decision: z.enum(["approve", "block"]).optional(),
    reason: optionalText,
    systemMessage: optionalText,
    terminalSequence: optionalText,
    hookSpecificOutput: hookSpecificOutput.optional(),
  });
}

export const outputSchema = outputSchemaWith(z.object);
export const outputSchemaNoDrops = outputSchemaWith(z.strictObject as typeof z.object);

/** The fields each event's input always has (beyond session_id, transcript_path, cwd, hook_event_name). */
export const REQUIRED_INPUT_FIELDS: Record<string, string[]> = {
  PreToolUse: ["tool_name", "tool_input", "tool_use_id"],
  PostToolUse: ["tool_name", "tool_input", "tool_response", "tool_use_id"],
  PostToolUseFailure: ["tool_name", "tool_input", "tool_use_id", "error"],
  PostToolBatch: ["tool_calls"],
  Notification: ["message", "notification_type"],
  UserPromptSubmit: ["prompt"],
  UserPromptExpansion: ["expansion_type", "command_name", "command_args", "prompt"],
  SessionStart: ["source"],
  SessionEnd: ["reason"],
  Stop: ["stop_hook_active"],
  StopFailure: ["error"],
  SubagentStart: ["agent_id", "agent_type"],
  SubagentStop: ["stop_hook_active", "agent_id", "agent_transcript_path", "agent_type"],
  PreCompact: ["trigger", "custom_instructions"],
  PostCompact: ["trigger", "compact_summary"],
  PreModelSwitch: [
    "from_model",
    "to_model",
    "requested_model",
    "source",
    "context_tokens",
    "prompt_cache_warm",
    "cache_ttl",
    "estimated_cache_write_usd",
    "pricing",
  ],
  PostModelSwitch: [
    "from_model",
    "to_model",
    "requested_model",
    "source",
    "context_tokens",
    "prompt_cache_warm",
    "cache_ttl",
    "estimated_cache_write_usd",
    "pricing",
  ],
  PermissionRequest: ["tool_name", "tool_input"],
  PermissionDenied: ["tool_name", "tool_input", "tool_use_id", "reason"],
  Setup: ["trigger"],
  TeammateIdle: ["teammate_name", "team_name"],
  TaskCreated: ["task_id", "task_subject"],
  TaskCompleted: ["task_id", "task_subject"],
  Elicitation: ["mcp_server_name", "message"],
  ElicitationResult: ["mcp_server_name", "action"],
  ConfigChange: ["source"],
  WorktreeCreate: ["name"],
  WorktreeRemove: ["worktree_path"],
  InstructionsLoaded: ["file_path", "memory_type", "load_reason"],
  CwdChanged: ["old_cwd", "new_cwd"],
  FileChanged: ["file_path", "event"],
  DirectoryAdded: ["directory", "source"],
  MessageDisplay: ["turn_id", "message_id", "index", "final", "delta"],
};
