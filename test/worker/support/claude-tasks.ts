// Agent tasks the Claude tests run through the real queue.
import { agentTask } from "../../../src/claude";

export const reviewTask = agentTask(
  { name: "test_review", model: "sonnet", systemPrompt: "You are a code reviewer." },
  (agent, scenario: string, code: string) => agent.query(`[fake:${scenario}] Review:\n${code}`),
);

export const toolAgent = agentTask(
  { name: "test_tool_agent", model: "haiku", allowedTools: ["get_task_result"], maxTurns: 3 },
  (agent, scenario: string, question: string) => agent.query(`[fake:${scenario}] ${question}`),
);

export const budgetAgent = agentTask(
  { name: "test_budget_agent", model: "sonnet", allowedTools: ["get_task_result"], maxBudgetUsd: 0.25, maxTurns: 10 },
  (agent, scenario: string) => agent.query(`[fake:${scenario}] look around`),
);

export const fragileAgent = agentTask({ name: "test_fragile_agent", model: "opus", retries: 0 }, (agent, scenario: string) =>
  agent.query(`[fake:${scenario}] hello`),
);
