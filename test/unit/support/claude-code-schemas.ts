/**
 * Claude Code's hook output schema (the version the event table names), written out by hand
 * from its bundle (docs/claude-code-hooks.md quotes the source). The oracle test checks it
 * against the bundle's own schema when the binary is installed; this keeps the checks running
 * where it is not.
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
      permissionDisplay: object({ title: z.string(), description: z.string(), displayName: z.string() }).optional(),
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
    object({
      hookEventName: z.literal("PreSkillShellCommand"),
      permissionDecision: decisions.optional(),
      permissionDecisionReason: optionalText,
      updatedInput: z.record(z.string(), z.unknown()).optional(),
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
