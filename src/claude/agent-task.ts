import { argsOfArity, type TaskOptions, task } from "../tasks/task";
import type { Task, TaskContext } from "../tasks/tasks";
import { type AgentOptions, ClaudeAgent } from "./agent";

/**
 * A background task whose function gets a Claude agent first, as fasthooks' `@agent_task`:
 *
 *   const securityReview = agentTask({ model: "haiku", systemPrompt: "..." },
 *     async function security_review(agent, code: string) { return agent.query(`Review:\n${code}`) });
 *
 * The agent runs within the task's timeout (its API retries included), records its usage and
 * cost on the task's result, and reads the task store with its tools. A `function` gets the
 * run's TaskContext as `this`, as in a plain task. Give it an `args` schema
 * (`z.tuple([z.string()])`): args become a prompt, so a wrong type should be refused at `add`.
 */
export function agentTask<A extends unknown[], R, T = Awaited<R>>(
  options: AgentOptions & TaskOptions<Awaited<R>, T, A>,
  fn: (this: TaskContext, agent: ClaudeAgent, ...args: A) => R,
): Task<A, T> {
  const { name, args, ttl, priority, transform, timeout, retries, registry, ...agentOptions } = options;
  const taskName = name ?? fn.name;
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
      // The run's context as `this`, as a plain task's function has it.
      return fn.call(this, agent, ...args);
    },
    {
      name: taskName,
      // The wrapper's own arity is 0: what the function needs after its agent is what counts.
      args: args ?? argsOfArity(taskName, Math.max(0, fn.length - 1)),
      ttl,
      priority,
      transform,
      timeout,
      retries,
      registry,
    },
  );
}
