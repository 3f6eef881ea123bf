/**
 * The Worker: `fetch` serves the API, `queue` runs the tasks, and the SessionStore Durable
 * Object class is exported for its binding.
 */
import { createApi } from "./api/create-api";
// The deployment's hooks; importing it also registers its tasks before any message is consumed.
import { app } from "./app";
import type { TaskMessage } from "./store/outbox";
import { consumeTaskBatch } from "./queue/consumer";

export { MemoryStore } from "./memory/memory-store";
export { SessionStore } from "./store/session-store";
export { TeamIndex } from "./store/team-index";

const api = createApi(app);

export default {
  fetch: api.fetch,
  queue: (batch, env) => consumeTaskBatch(batch, env),
} satisfies ExportedHandler<Env, TaskMessage>;
