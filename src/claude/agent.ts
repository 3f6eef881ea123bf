import Anthropic from "@anthropic-ai/sdk";
import { type TaskUsage, thrownError } from "../tasks/result";
import type { Tasks } from "../tasks/tasks";
import { resolveModel } from "./models";
import { priceOf, usageOf } from "./prices";
import { type AgentTool, type AgentToolContext, agentTool } from "./tools";

export interface AgentOptions {
  /** "haiku", "sonnet", "opus" (see models.ts) or a full model id. */
  model: string;
  systemPrompt?: string;
  /** Names of the tools (tools.ts) this agent may call. */
  allowedTools?: string[];
  /** API calls at most, per query. Default 5. */
  maxTurns?: number;
  /** Stop before a call that would spend past this, in US dollars. */
  maxBudgetUsd?: number;
  /** Per response. Default 4096. */
  maxTokens?: number;
}

/** What an agent needs from where it runs; a task gives all of it (see agentTask). */
export interface AgentRuntime {
  env: Env | undefined;
  signal?: AbortSignal;
  /** When the work must be over, in ms since the epoch (the task's timeout). */
  deadline?: number;
  recordUsage?: (usage: TaskUsage) => void;
  tasks?: Tasks;
  team?: Tasks;
}

type StopReason = "end_turn" | "max_turns" | "budget" | "max_tokens" | "refusal" | "other";

export interface AgentRun {
  text: string;
  stopReason: StopReason;
  turns: number;
  costUsd: number;
}

export class MissingApiKeyError extends Error {
  override name = "MissingApiKeyError";
  constructor() {
    super("ANTHROPIC_API_KEY is not set: `wrangler secret put ANTHROPIC_API_KEY` (or put it in .dev.vars)");
  }
}

/** The Messages API refused (after the SDK's own retries): its status and message. */
export class ClaudeApiError extends Error {
  override name = "ClaudeApiError";
  constructor(
    readonly status: number | undefined,
    message: string,
  ) {
    super(message);
  }
}

/** Above this, the SDK insists on streaming (it expects more than 10 minutes). */
const MAX_NONSTREAMING_TOKENS = 21_000;
const DEFAULTS = { maxTurns: 5, maxTokens: 4096 };
/** Without a task's deadline, a query gets this long, retries included. */
const DEFAULT_QUERY_MS = 120_000;

/**
 * A Claude sub-agent on the Messages API (the Agent SDK spawns a CLI and cannot run in a
 * Worker): a system prompt, a tool-use loop over the tools it is allowed, and a budget.
 */
export class ClaudeAgent {
  constructor(
    readonly options: AgentOptions,
    private readonly runtime: AgentRuntime,
  ) {}

  /** The final text, as fasthooks' `agent.query`. A stop for budget or turns is said at its end. */
  async query(prompt: string, overrides: Partial<AgentOptions> = {}): Promise<string> {
    const run = await this.run(prompt, overrides);
    if (run.stopReason === "budget") {
      return `${run.text}\n[stopped: the next turn would pass the budget of $${this.merged(overrides).maxBudgetUsd} (spent $${run.costUsd.toFixed(4)})]`.trim();
    }
    if (run.stopReason === "max_turns") return `${run.text}\n[stopped: ${run.turns} turns, the most allowed]`.trim();
    return run.text;
  }

  /** The whole run: text, why it stopped, turns and cost. */
  async run(prompt: string, overrides: Partial<AgentOptions> = {}): Promise<AgentRun> {
    const options = this.merged(overrides);
    const { env } = this.runtime;
    const model = resolveModel(options.model, env?.FASTHOOKS_MODEL_ALIASES);
    const maxTokens = options.maxTokens ?? DEFAULTS.maxTokens;
    if (maxTokens > MAX_NONSTREAMING_TOKENS) {
      throw new Error(`maxTokens ${maxTokens} is over ${MAX_NONSTREAMING_TOKENS}: the SDK would require streaming`);
    }
    const maxTurns = options.maxTurns ?? DEFAULTS.maxTurns;
    const tools = (options.allowedTools ?? []).map((name) => {
      const tool = agentTool(name);
      if (!tool) throw new Error(`allowedTools names "${name}", which no defineAgentTool() has defined`);
      return tool;
    });
    const client = this.client();
    const messages: Anthropic.MessageParam[] = [{ role: "user", content: prompt }];
    const rates = priceOf(model);
    let spent = 0;
    let turns = 0;
    let text = "";
    // Tokens the next call will send, at least: the prompt, then everything said so far.
    let nextInputTokens = Math.ceil(((options.systemPrompt ?? "").length + prompt.length) / 4);
    let lastOutputTokens = 0;

    for (;;) {
      if (turns >= maxTurns) return { text, stopReason: "max_turns", turns, costUsd: spent };
      if (options.maxBudgetUsd !== undefined) {
        const projected = spent + (nextInputTokens * rates.input + lastOutputTokens * rates.output) / 1_000_000;
        if (projected > options.maxBudgetUsd) return { text, stopReason: "budget", turns, costUsd: spent };
      }
      const response = await this.create(client, {
        model,
        max_tokens: maxTokens,
        ...(options.systemPrompt ? { system: options.systemPrompt } : {}),
        messages,
        ...(tools.length ? { tools: tools.map(({ name, description, input_schema }) => ({ name, description, input_schema })) } : {}),
      });
      turns++;
      const usage = usageOf(model, response.usage);
      this.runtime.recordUsage?.(usage);
      spent += usage.costUsd;
      text = response.content.flatMap((block) => (block.type === "text" ? [block.text] : [])).join("\n");
      messages.push({ role: "assistant", content: response.content });
      if (response.stop_reason !== "tool_use") {
        return { text, stopReason: stopReasonOf(response.stop_reason), turns, costUsd: spent };
      }
      const results = await Promise.all(
        response.content.flatMap((block) => (block.type === "tool_use" ? [this.callTool(block, tools)] : [])),
      );
      messages.push({ role: "user", content: results });
      const resultChars = results.reduce((sum, result) => sum + String(result.content).length, 0);
      nextInputTokens = response.usage.input_tokens + response.usage.output_tokens + Math.ceil(resultChars / 4);
      lastOutputTokens = response.usage.output_tokens;
    }
  }

  private merged(overrides: Partial<AgentOptions>): AgentOptions {
    return { ...this.options, ...overrides };
  }

  private client(): Anthropic {
    const { env } = this.runtime;
    if (!env?.ANTHROPIC_API_KEY) throw new MissingApiKeyError();
    return new Anthropic({
      apiKey: env.ANTHROPIC_API_KEY,
      ...(env.ANTHROPIC_BASE_URL ? { baseURL: env.ANTHROPIC_BASE_URL } : {}),
      // 408/409/429/5xx/529 are retried by the SDK, with backoff or the API's retry-after,
      // each try bounded by what is left of the task's time (see `create`).
      maxRetries: 4,
    });
  }

  private async create(client: Anthropic, body: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> {
    const deadline = this.runtime.deadline ?? Date.now() + DEFAULT_QUERY_MS;
    const timeout = Math.max(1000, deadline - Date.now());
    try {
      return await client.messages.create(body, { timeout, ...(this.runtime.signal ? { signal: this.runtime.signal } : {}) });
    } catch (error) {
      if (error instanceof Anthropic.APIError) {
        const detail = (error.error as { error?: { message?: string } } | undefined)?.error?.message;
        throw new ClaudeApiError(error.status, detail ?? error.message);
      }
      throw error;
    }
  }

  /** A tool's result for the model; an unknown, disallowed or failing tool is a tool error, not a crash. */
  private async callTool(block: Anthropic.ToolUseBlock, tools: AgentTool[]): Promise<Anthropic.ToolResultBlockParam> {
    const tool = tools.find((candidate) => candidate.name === block.name);
    const error = (message: string): Anthropic.ToolResultBlockParam => ({
      type: "tool_result",
      tool_use_id: block.id,
      content: message,
      is_error: true,
    });
    if (!tool) return error(`The tool "${block.name}" is not available to this agent.`);
    const context: AgentToolContext = {
      env: this.runtime.env,
      tasks: this.runtime.tasks,
      team: this.runtime.team,
      signal: this.runtime.signal ?? AbortSignal.timeout(DEFAULT_QUERY_MS),
    };
    try {
      return { type: "tool_result", tool_use_id: block.id, content: await tool.run(block.input as never, context) };
    } catch (thrown) {
      return error(`${tool.name} failed: ${thrownError(thrown).message}`);
    }
  }
}

function stopReasonOf(reason: string | null): StopReason {
  return reason === "end_turn" || reason === "max_tokens" || reason === "refusal" ? reason : "other";
}
