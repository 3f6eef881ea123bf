// The Worker the framework's tests run in (vitest.config.ts): the framework's own parts, as
// src/index.ts composes them, serving a fixture app and the test tasks instead of the team's
// app, which these tests never load (its own tests are in src/app/).
import { createApi } from "../../../src/api/create-api";
import { MemoryStore } from "../../../src/memory/memory-store";
import { HookApp } from "../../../src/hooks";
import { consumeTaskBatch } from "../../../src/queue/consumer";
import type { TaskMessage } from "../../../src/store/outbox";
import "./claude-tasks";
import { standInAi, standInVectors } from "./semantic-stand-in";
import { double } from "./test-tasks";

export { MemoryStore };
export { SessionStore } from "../../../src/store/session-store";
export { TeamIndex } from "../../../src/store/team-index";

/**
 * The team's memory where a deployment binds Vectorize and Workers AI: here their in-memory
 * stand-ins, bound as MEMORY_STORE_WITH_VECTORS (vitest.config.ts) beside the plain MEMORY_STORE.
 */
export class MemoryStoreWithVectors extends MemoryStore {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, { ...env, AI: standInAi as unknown as Ai, MEMORY_VECTORS: standInVectors as unknown as Vectorize });
  }
}

/** One handler that starts work: a Write's length, doubled in the background. */
export const fixtureApp = new HookApp().preTool("Write", async function measureWrites(event, { tasks }) {
  await tasks.add(double, [event.tool_input.content.length]);
});

export default {
  fetch: createApi(fixtureApp).fetch,
  queue: (batch, env) => consumeTaskBatch(batch, env),
} satisfies ExportedHandler<Env, TaskMessage>;
