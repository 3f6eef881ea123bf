import { type Task, type TaskContext, type TaskOptions, task } from "../tasks/task";
import { type AgentOptions, ClaudeAgent } from "./agent";

/**
 * A background task whose function gets a Claude agent first, as fasthooks' `@agent_task`:
 *
 *   const securityReview = agentTask({ model: "haiku", systemPrompt: "..." },
 *     async function security_review(agent, code: string) { return agent.query(`Review:\n${code}`) });
 *
 * The agent runs within the task's timeout (its API retries included), records its usage and
 * cost on the task's result, and reads the task store with its tools.
 */
export function agentTask<A extends unknown[], R, T = Awaited<R>>(
  options: AgentOptions & TaskOptions<Awaited<R>, T>,
  fn: (agent: ClaudeAgent, ...args: A) => R,
): Task<A, T> {
  const { name, ttl, priority, transform, timeout, retries, registry, ...agentOptions } = options;
  return task(
    function (this: TaskContext, ...args: A) {
      const agent = new ClaudeAgent(agentOptions, {
        env: this.env,
        signal: this.signal,
        deadline: this.deadline,
        recordUsage: (usage) => this.recordUsage(usage),
        tasks: this.tasks,
        team: this.team,
      });
      return fn(agent, ...args);
    },
    { name: name ?? fn.name, ttl, priority, transform, timeout, retries, registry },
  );
}
