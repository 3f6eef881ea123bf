/**
 * `tool_input` of the tools hooks most often look at, as Claude Code sends them. Fields are
 * optional where Claude Code may leave them out; unknown fields pass through.
 */

export interface BashInput {
  command: string;
  description?: string;
  timeout?: number;
  run_in_background?: boolean;
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

export interface MultiEditInput {
  file_path: string;
  edits: { old_string: string; new_string: string; replace_all?: boolean }[];
}

export interface ReadInput {
  file_path: string;
  offset?: number;
  limit?: number;
}

export interface GrepInput {
  pattern: string;
  path?: string;
  glob?: string;
  output_mode?: "content" | "files_with_matches" | "count";
  [option: string]: unknown;
}

export interface GlobInput {
  pattern: string;
  path?: string;
}

export interface WebFetchInput {
  url: string;
  prompt: string;
}

export interface TaskInput {
  description: string;
  prompt: string;
  subagent_type?: string;
}

/** Tool name -> its input. */
export interface ToolInputs {
  Bash: BashInput;
  Write: WriteInput;
  Edit: EditInput;
  MultiEdit: MultiEditInput;
  Read: ReadInput;
  Grep: GrepInput;
  Glob: GlobInput;
  WebFetch: WebFetchInput;
  Task: TaskInput;
}

export type KnownTool = keyof ToolInputs;

/** The tool names a matcher such as "Edit|Write" names; anything else (a regex, "*") is any tool. */
export type ToolsOf<M extends string> = M extends `${infer First}|${infer Rest}`
  ? ToolsOf<First> | ToolsOf<Rest>
  : M extends KnownTool
    ? M
    : string;

/** The input of the named tools, or an open record for other tools. */
export type ToolInputOf<T extends string> = T extends KnownTool ? ToolInputs[T] : Record<string, unknown>;
