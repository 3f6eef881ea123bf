/**
 * Matchers x events, with what Claude Code does, as read in its bundle (the rules are
 * in src/hooks/matcher.ts and docs/claude-code-hooks.md). matchers.test.ts holds our matcher to
 * these; test/claude-code/oracle.test.ts holds Claude Code's own functions to them too.
 */
export interface MatcherCase {
  event: string;
  matcher: string | undefined;
  /** The event's fields besides its name (the one the matcher is tested against). */
  fields: Record<string, unknown>;
  expected: boolean;
  why: string;
}

const tool = (matcher: string | undefined, tool_name: string, expected: boolean, why: string, event = "PreToolUse"): MatcherCase => ({
  event,
  matcher,
  fields: { tool_name },
  expected,
  why,
});

export const MATCHER_CASES: MatcherCase[] = [
  tool("Write", "Write", true, "a name matches itself"),
  tool("Write", "WriteFile", false, "a name matches whole names only"),
  tool("Write", "Edit", false, "another name"),
  tool("bash", "Bash", false, "names are case-sensitive"),
  tool("Edit|Write", "Write", true, "a | list"),
  tool("Edit|Write", "NotebookEdit", false, "a | list names whole names"),
  tool("Edit,Write", "Write", true, "tool events take , lists"),
  tool("Edit, Write", "Edit", true, "and trim the names"),
  tool(" Write ", "Write", true, "spaces around a name are trimmed"),
  tool("Edit|", "Edit", true, "empty names are dropped"),
  tool("|", "Edit", false, "a list of no names matches nothing"),
  tool("mcp__.*", "mcp__github__create_issue", true, "a regex"),
  tool("mcp__.*", "Bash", false, "a regex that does not match"),
  tool("mcp__github", "mcp__github__create_issue", false, "an MCP server's name alone is a name, matched whole"),
  tool("mcp__github__.*", "mcp__github__create_issue", true, "a server's tools by regex"),
  tool("Notebook.*", "NotebookEdit", true, "a prefix regex"),
  tool("Edit.*", "NotebookEdit", true, "regexes are unanchored"),
  tool("Write|mcp__.*", "WriteFile", true, "a name inside a regex is unanchored too"),
  tool("^Edit$", "NotebookEdit", false, "an anchored regex"),
  tool("^Edit$", "Edit", true, "an anchored regex on its name"),
  tool("*", "Anything", true, "* is every tool"),
  tool("", "Anything", true, "an empty matcher is every tool"),
  tool(undefined, "Anything", true, "no matcher is every tool"),
  tool("Task", "Agent", true, "Task is the old name of Agent"),
  tool("Agent", "Agent", true, "Agent is its name"),
  tool("Task|Bash", "Agent", true, "an old name in a list"),
  tool("Tas.", "Agent", true, "a regex is also tested against the tool's old names"),
  tool("^Task$", "Agent", true, "an anchored regex on the old name"),
  tool("Ag.*", "Agent", true, "a regex on the new name"),
  tool("KillShell", "TaskStop", true, "KillShell is the old name of TaskStop"),
  tool("Agent", "Task", false, "a tool named Task (an older Claude Code) is not Agent to a newer one"),
  tool("Write", "Write", true, "PostToolUse matches the tool too", "PostToolUse"),
  tool("Bash", "Write", false, "PermissionRequest matches the tool", "PermissionRequest"),
  tool("Bash", "Bash", true, "PermissionDenied matches the tool", "PermissionDenied"),
  tool("Bash", "Bash", true, "PostToolUseFailure matches the tool", "PostToolUseFailure"),
  tool("Bash", "Bash", true, "PreSkillShellCommand matches the shell", "PreSkillShellCommand"),
  tool("Bash, PowerShell", "PowerShell", true, "and takes , lists", "PreSkillShellCommand"),
  tool("(", "Bash", false, "an invalid regex matches nothing"),
  { event: "PreToolUse", matcher: "Write", fields: {}, expected: true, why: "no tool name: every matcher matches" },
  { event: "SessionStart", matcher: "startup|resume", fields: { source: "resume" }, expected: true, why: "SessionStart: the source" },
  { event: "SessionStart", matcher: "startup, resume", fields: { source: "clear" }, expected: false, why: "a source not listed" },
  { event: "SessionStart", matcher: "fork", fields: { source: "fork" }, expected: true, why: "the fork source" },
  {
    event: "SessionEnd",
    matcher: "prompt_input_exit",
    fields: { reason: "prompt_input_exit" },
    expected: true,
    why: "SessionEnd: the reason",
  },
  {
    event: "Notification",
    matcher: "idle_prompt|permission_prompt",
    fields: { notification_type: "permission_prompt" },
    expected: true,
    why: "Notification: its type",
  },
  { event: "SubagentStart", matcher: "Explore", fields: { agent_type: "Explore" }, expected: true, why: "SubagentStart: the agent type" },
  {
    event: "SubagentStop",
    matcher: "Explore",
    fields: { agent_type: "general-purpose" },
    expected: false,
    why: "SubagentStop: the agent type",
  },
  { event: "PreCompact", matcher: "auto", fields: { trigger: "auto" }, expected: true, why: "PreCompact: the trigger" },
  { event: "PostCompact", matcher: "manual", fields: { trigger: "auto" }, expected: false, why: "PostCompact: the trigger" },
  { event: "Setup", matcher: "init", fields: { trigger: "init" }, expected: true, why: "Setup: the trigger" },
  {
    event: "UserPromptExpansion",
    matcher: "review-pr",
    fields: { command_name: "review-pr" },
    expected: true,
    why: "UserPromptExpansion: the command; names may hold -",
  },
  { event: "UserPromptExpansion", matcher: "review-pr", fields: { command_name: "review" }, expected: false, why: "another command" },
  { event: "Elicitation", matcher: "github", fields: { mcp_server_name: "github" }, expected: true, why: "Elicitation: the MCP server" },
  {
    event: "ElicitationResult",
    matcher: "git.*",
    fields: { mcp_server_name: "gitlab" },
    expected: true,
    why: "ElicitationResult: the MCP server",
  },
  {
    event: "ConfigChange",
    matcher: "project_settings",
    fields: { source: "project_settings" },
    expected: true,
    why: "ConfigChange: the source",
  },
  {
    event: "DirectoryAdded",
    matcher: "slash_command",
    fields: { source: "register_repo_root" },
    expected: false,
    why: "DirectoryAdded: the source",
  },
  {
    event: "InstructionsLoaded",
    matcher: "session_start",
    fields: { load_reason: "session_start" },
    expected: true,
    why: "InstructionsLoaded: the load reason",
  },
  {
    event: "StopFailure",
    matcher: "rate_limit|overloaded",
    fields: { error: "overloaded" },
    expected: true,
    why: "StopFailure: the error",
  },
  {
    event: "StopFailure",
    matcher: "rate_limit, overloaded",
    fields: { error: "rate_limit" },
    expected: false,
    why: "StopFailure takes no , lists: a regex",
  },
  {
    event: "FileChanged",
    matcher: "Makefile",
    fields: { file_path: "/p/Makefile" },
    expected: true,
    why: "FileChanged: the file's base name",
  },
  { event: "FileChanged", matcher: "Makefile", fields: { file_path: "/p/Makefile.bak" }, expected: false, why: "a name, whole" },
  { event: "FileChanged", matcher: ".envrc|.env", fields: { file_path: "/p/.envrc" }, expected: true, why: "a regex (the dot)" },
  {
    event: "FileChanged",
    matcher: ".envrc|.env",
    fields: { file_path: "/p/x.env.local" },
    expected: true,
    why: "unanchored, the dot any character",
  },
  { event: "FileChanged", matcher: ".envrc|.env", fields: { file_path: "/p/package.json" }, expected: false, why: "another file" },
  {
    event: "FileChanged",
    matcher: "Makefile ",
    fields: { file_path: "/p/Makefile" },
    expected: false,
    why: "FileChanged does not trim: a regex with a space",
  },
  {
    event: "PreModelSwitch",
    matcher: "claude-opus-4-7",
    fields: { to_model: "claude-opus-4-7" },
    expected: true,
    why: "a model id is a regex (the -)",
  },
  {
    event: "PostModelSwitch",
    matcher: "opus",
    fields: { to_model: "claude-opus-4-7" },
    expected: false,
    why: "a model name is matched whole",
  },
  { event: "PostModelSwitch", matcher: "opus[1m]", fields: { to_model: "opus" }, expected: true, why: "the [1m] suffix is dropped" },
  { event: "PreModelSwitch", matcher: "sonnet", fields: { to_model: "claude-opus-4-7" }, expected: false, why: "another model" },
  { event: "Stop", matcher: "Bash", fields: { stop_hook_active: false }, expected: true, why: "Stop has no match field: every matcher" },
  { event: "UserPromptSubmit", matcher: "nothing", fields: { prompt: "hi" }, expected: true, why: "UserPromptSubmit has none either" },
  { event: "PostToolBatch", matcher: "Write", fields: { tool_calls: [] }, expected: true, why: "nor PostToolBatch" },
  { event: "TeammateIdle", matcher: "x", fields: { teammate_name: "y" }, expected: true, why: "nor TeammateIdle" },
  { event: "SomeFutureEvent", matcher: "x", fields: {}, expected: true, why: "an unknown event: every matcher" },
];

/** Matchers the union tests draw from: names, lists, regexes, old names, odd ones (FileChanged has its own test). */
export const MATCHER_POOL: Record<string, string[]> = {
  PreToolUse: [
    "Write",
    "Edit|Write",
    "Bash, Read",
    "mcp__.*",
    "Task",
    "Notebook.*",
    "^Edit$",
    "Ta.",
    "(a)\\1",
    "([A-Z])\\1",
    "WriteFile",
    "|",
  ],
  SessionStart: ["startup", "resume, clear", "comp.*", "fork", "^start"],
  StopFailure: ["rate_limit", "over.*", "rate_limit|unknown"],
  PreModelSwitch: ["opus", "opus[1m]", "claude-.*", "sonnet|haiku"],
};

export const NAME_POOL: Record<string, { field: string; values: string[] }> = {
  PreToolUse: {
    field: "tool_name",
    values: ["Write", "WriteFile", "Edit", "NotebookEdit", "Bash", "Read", "Agent", "Task", "mcp__github__x", "aa", "AAB", "TaskStop"],
  },
  SessionStart: { field: "source", values: ["startup", "resume", "clear", "compact", "fork"] },
  StopFailure: { field: "error", values: ["rate_limit", "overloaded", "unknown", "server_error"] },
  PreModelSwitch: { field: "to_model", values: ["opus", "sonnet", "haiku", "claude-opus-4-7"] },
};
