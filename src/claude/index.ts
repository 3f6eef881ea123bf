// Claude sub-agents for background tasks, as a team's app file imports them.
export { type AgentOptions, type AgentRun, type AgentRuntime, ClaudeAgent, ClaudeApiError, MissingApiKeyError } from "./agent";
export { agentTask } from "./agent-task";
export { MODEL_ALIASES, resolveModel } from "./models";
export { PRICES, priceOf, usageOf } from "./prices";
export { type AgentTool, type AgentToolContext, defineAgentTool, fetchUrl, getTaskResult } from "./tools";
