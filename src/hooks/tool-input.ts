const ALIASES = {
  Task: "Agent",
  KillShell: "TaskStop",
  KillBash: "TaskStop",
  ListPeers: "ListAgents",
  Brief: "SendUserMessage",
  ListMcpResources: "ListMcpResourcesTool",
  ReadMcpResource: "ReadMcpResourceTool",
  ReadMcpResourceDir: "ReadMcpResourceDirTool",
  ProposeGoal: "SetGoal",
} as const;
/** Tool names Claude Code has renamed: old -> new. A matcher naming the old one means the new. */
export const TOOL_ALIASES: Readonly<Record<string, string>> = ALIASES;
export type ToolAliases = typeof ALIASES;

/**
 * `tool_input` of the tools hooks most often look at, as Claude Code declares them
 * (sdk-tools.d.ts in @anthropic-ai/claude-code). Optional where Claude Code may leave a field
 * out. It has no MultiEdit; Glob and Grep exist but its native builds drop them where a shell
 * is there (search runs through Bash), so they are typed for the hosts that still have them.
 */
export interface AgentInput {
  description: string;
  prompt: string;
  subagent_type?: string;
  model?: string;
  effort?: "low" | "medium" | "high" | "xhigh" | "max";
  run_in_background?: boolean;
  name?: string;
  isolation?: "worktree" | "remote";
  [option: string]: unknown;
}

export interface BashInput {
  command: string;
  description?: string;
  /** Milliseconds. */
  timeout?: number;
  run_in_background?: boolean;
  dangerouslyDisableSandbox?: boolean;
}

export interface WriteInput {
  file_path: string;
  content: string;
}

export interface EditInput {
  file_path: string;
  old_string: string;
  new_string: string;
  replace_all?: boolean;
}

export interface ReadInput {
  file_path: string;
  offset?: number;
  limit?: number;
  pages?: string;
  allow_large?: boolean;
}

export interface NotebookEditInput {
  notebook_path: string;
  cell_id?: string;
  new_source: string;
  cell_type?: "code" | "markdown";
  edit_mode?: "replace" | "insert" | "delete";
}

export interface WebFetchInput {
  url: string;
  prompt: string;
  offset?: number;
}

export interface WebSearchInput {
  query: string;
  allowed_domains?: string[];
  blocked_domains?: string[];
}

export interface TodoWriteInput {
  todos: { content: string; status: "pending" | "in_progress" | "completed"; activeForm: string }[];
}

export interface TaskStopInput {
  task_id?: string;
  /** Deprecated: task_id. */
  shell_id?: string;
}

export interface MonitorInput {
  description: string;
  timeout_ms: number;
  command?: string;
  ws?: { url: string; protocols?: string[] };
}

export interface GlobInput {
  pattern: string;
  path?: string;
}

export interface GrepInput {
  pattern: string;
  path?: string;
  glob?: string;
  output_mode?: "content" | "files_with_matches" | "count";
  [option: string]: unknown;
}

/** Tool name -> its input. */
export interface ToolInputs {
  Agent: AgentInput;
  Bash: BashInput;
  Write: WriteInput;
  Edit: EditInput;
  Read: ReadInput;
  NotebookEdit: NotebookEditInput;
  WebFetch: WebFetchInput;
  WebSearch: WebSearchInput;
  TodoWrite: TodoWriteInput;
  TaskStop: TaskStopInput;
  Monitor: MonitorInput;
  Glob: GlobInput;
  Grep: GrepInput;
}

export type KnownTool = keyof ToolInputs;

type Trim<S extends string> = S extends ` ${infer R}` ? Trim<R> : S extends `${infer R} ` ? Trim<R> : S;

/** A name as a matcher means it: an old name is the tool's new one (TOOL_ALIASES). */
type ToolNamed<N extends string> = N extends keyof ToolAliases ? ToolAliases[N] : N extends KnownTool ? N : string;

/**
 * The tool names a matcher such as "Edit|Write" (or "Edit, Write") names; anything else (a
 * regex, "*") is any tool.
 */
export type ToolsOf<M extends string> = M extends `${infer First}|${infer Rest}`
  ? ToolsOf<First> | ToolsOf<Rest>
  : M extends `${infer First},${infer Rest}`
    ? ToolsOf<First> | ToolsOf<Rest>
    : ToolNamed<Trim<M>>;

/** The input of the named tools, or an open record for other tools. */
export type ToolInputOf<T extends string> = T extends KnownTool ? ToolInputs[T] : Record<string, unknown>;
