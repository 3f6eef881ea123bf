// The Worker the framework's tests run in (vitest.config.ts): the framework's own parts, as
// src/index.ts composes them, serving a fixture app and the test tasks instead of the team's
// app, which these tests never load (its own tests are in src/app/).
import { createApi } from "../../../src/api/create-api";
import { HookApp } from "../../../src/hooks";
import { consumeTaskBatch } from "../../../src/queue/consumer";
import type { TaskMessage } from "../../../src/store/outbox";
import "./claude-tasks";
import { double } from "./test-tasks";

export { SessionStore } from "../../../src/store/session-store";
export { TeamIndex } from "../../../src/store/team-index";

/** One handler that starts work: a Write's length, doubled in the background. */
export const fixtureApp = new HookApp().preTool("Write", async function measureWrites(event, { tasks }) {
  await tasks.add(double, [event.tool_input.content.length]);
});

export default {
  fetch: createApi(fixtureApp).fetch,
  queue: (batch, env) => consumeTaskBatch(batch, env),
} satisfies ExportedHandler<Env, TaskMessage>;
