import { fetchDocument } from "../fetch/fetch-document";
import type { TaskResult } from "../tasks/result";
import type { Tasks } from "../tasks/tasks";

/** What a tool may use while it runs. */
export interface AgentToolContext {
  env: Env | undefined;
  /** The session's and the team's tasks, when the agent runs as a task (or in a handler). */
  tasks: Tasks | undefined;
  team: Tasks | undefined;
  signal: AbortSignal;
}

/** JSON Schema of a tool's input, as the Messages API takes it. */
interface ToolInputSchema {
  type: "object";
  properties: Record<string, unknown>;
  required?: string[];
  [keyword: string]: unknown;
}

/**
 * A tool an agent may call: plain data plus `run`. What `run` returns (or throws) goes back to
 * the model as the tool's result (or as a tool error).
 */
export interface AgentTool<I = Record<string, unknown>> {
  name: string;
  description: string;
  input_schema: ToolInputSchema;
  run(input: I, ctx: AgentToolContext): Promise<string> | string;
}

const registered = new Map<string, AgentTool<any>>();

/** Registers a tool once, by name; agents pick theirs with `allowedTools`. */
export function defineAgentTool<I>(tool: AgentTool<I>): AgentTool<I> {
  if (registered.has(tool.name) && registered.get(tool.name) !== tool) {
    throw new Error(`An agent tool named "${tool.name}" is already defined`);
  }
  registered.set(tool.name, tool);
  return tool;
}

export function agentTool(name: string): AgentTool | undefined {
  return registered.get(name);
}

function describeResult(result: TaskResult | null, key: string): string {
  return result ? JSON.stringify(result) : `No task "${key}" (it may have expired or been popped).`;
}

/** The task store: another task's state and result, in this session or the team's. */
export const getTaskResult = defineAgentTool<{ key: string; scope?: "session" | "team" }>({
  name: "get_task_result",
  description:
    "Read a background task's state and result from the task store: status, value or error. " +
    'scope "team" reads results shared by the whole team (e.g. reviews keyed by content hash).',
  input_schema: {
    type: "object",
    properties: {
      key: { type: "string", description: "The task's key." },
      scope: { type: "string", enum: ["session", "team"], description: 'Default "session".' },
    },
    required: ["key"],
  },
  async run({ key, scope = "session" }, ctx) {
    if (typeof key !== "string" || key.length === 0) throw new Error("key must be a non-empty string");
    const tasks = scope === "team" ? ctx.team : ctx.tasks;
    if (!tasks) throw new Error("this agent does not run in a session: there is no task store to read");
    return describeResult(await tasks.get(key), key);
  },
});

/** Characters of a fetched page handed to the model, at most. */
const FETCH_MAX_CHARS = 20_000;

/**
 * A URL's text, only from origins a deployment allows (FASTHOOKS_FETCH_ALLOWLIST, comma-
 * separated origins), within their rate limit, HTML read as its text: src/fetch/, which the
 * documentation prefetch uses too.
 */
export const fetchUrl = defineAgentTool<{ url: string }>({
  name: "fetch_url",
  description: "Fetch a web page or document as text. Only some origins are allowed; others are refused.",
  input_schema: {
    type: "object",
    properties: { url: { type: "string", description: "An absolute http(s) URL." } },
    required: ["url"],
  },
  async run({ url }, ctx) {
    const document = await fetchDocument(url, { env: ctx.env, signal: ctx.signal, maxChars: FETCH_MAX_CHARS });
    return document.title ? `${document.title}\n\n${document.text}` : document.text;
  },
});
