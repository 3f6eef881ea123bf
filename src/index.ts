/**
 * The Worker: `fetch` serves the API, `queue` runs the tasks, and the SessionStore Durable
 * Object class is exported for its binding.
 */
import "./app"; // registers this deployment's tasks before any message is consumed
import { api } from "./api/app";
import type { TaskMessage } from "./tasks/message";
import { consumeTaskBatch } from "./tasks/queue-consumer";

export { SessionStore } from "./store/session-store";
export { TeamIndex } from "./store/team-index";

export default {
  fetch: api.fetch,
  queue: (batch, env) => consumeTaskBatch(batch, env),
} satisfies ExportedHandler<Env, TaskMessage>;
