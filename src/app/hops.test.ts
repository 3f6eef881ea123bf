// The default app's hooks wait for no more calls to Durable Objects than issue 18's goals,
// counted with every call into an object delayed (test/worker/support/hop-tracer.ts): a prompt
// with nothing ready, 1; a Write of a .py file, 2 (the session's store, then the team's); a
// prompt with reviews pending or ready, 2, however many reviews; Stop, 1. At most one call per
// object, and none to the team index. A change of the app that adds calls in a row turns it red.
import { env } from "cloudflare:test";
import { afterAll, describe, expect, it } from "vitest";
import { call, TOKENS } from "../../test/worker/helpers";
import { DEFAULT_APP_HOOKS, objectOf, QUEUE_SIDE_METHODS, restScenarioTools } from "../../test/worker/support/default-app-hooks";
import { traceHops } from "../../test/worker/support/hop-tracer";

/** Long enough that only a call the answer waits for ends before it; the index's, longer still. */
const HOP_MS = 50;
const INDEX_MS = 2_000;

const tracer = traceHops(env.SESSION_STORE, objectOf, QUEUE_SIDE_METHODS);
afterAll(() => tracer.stop());

const tools = restScenarioTools(TOKENS.alice);

describe("the default app's hooks on the answer's path", () => {
  it.each(DEFAULT_APP_HOOKS)("$name: at most $goal call(s) in a row, one per object", async (scenario) => {
    tracer.setDelay(0);
    const { event, cleanup } = await scenario.prepare((body) => call("/v1/hooks", { method: "POST", body }), tools);
    tracer.setDelay(HOP_MS, { "team index": INDEX_MS });
    const { result, trace } = await tracer.measure(() => call("/v1/hooks", { method: "POST", body: event }));
    tracer.setDelay(0);
    await cleanup?.();
    expect(result.status).toBe(200);
    const path = trace.onPath.map((step) => `${step.object}.${step.method}`);
    expect(trace.hops, `calls on the path: ${path.join(", ")}`).toBeLessThanOrEqual(scenario.goal);
    expect(trace.hops).toBeGreaterThanOrEqual(1);
    for (const [object, calls] of Object.entries(trace.byObject)) expect(calls, `${object}: ${path.join(", ")}`).toBe(1);
    expect(trace.byObject["team index"]).toBeUndefined();
    // The memory is searched from the queue, never on a hook's path.
    expect(trace.byObject["memory store"]).toBeUndefined();
  });
});
