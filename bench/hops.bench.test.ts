// Hops: each hook of the Worker as deployed (the team's app; the default app is the seed's
// examples), with every call into a Durable Object delayed by 0, 20, 60 and 150 ms, the stand-in
// for an object a continent away. Prints, per hook, the calls in a row its answer waited for and
// the answer's time at each delay. `npm run bench:hops`; figures in bench/results/hops.json.
import { env } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { DEFAULT_APP_HOOKS, objectOf, QUEUE_SIDE_METHODS, restScenarioTools, restSendHook } from "../test/worker/support/default-app-hooks";
import { traceHops } from "../test/worker/support/hop-tracer";
import { summarize } from "./support/stats";
import { memberToken } from "./support/team";

const DELAYS_MS = [0, 20, 60, 150];
const RUNS = 5;

const tracer = traceHops(env.SESSION_STORE, objectOf, QUEUE_SIDE_METHODS);

const send = restSendHook(memberToken(1));

const tools = restScenarioTools(memberToken(1));

interface Row {
  hook: string;
  goal: number;
  hops: number;
  onPath: string[];
  msByDelay: Record<number, number>;
}

it("measures the hops of each hook", async () => {
  const rows: Row[] = [];
  for (const scenario of DEFAULT_APP_HOOKS) {
    const row: Row = { hook: scenario.name, goal: scenario.goal, hops: 0, onPath: [], msByDelay: {} };
    for (const delay of DELAYS_MS) {
      const times: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        tracer.setDelay(0);
        const { event, cleanup } = await scenario.prepare(send, tools);
        // Background work of the set-up (count reports, activity) settles before the measure.
        await new Promise((resolve) => setTimeout(resolve, 1200));
        tracer.setDelay(delay);
        const start = performance.now();
        const { result, trace } = await tracer.measure(() => send(event));
        times.push(performance.now() - start);
        tracer.setDelay(0);
        expect(result.status).toBe(200);
        row.hops = Math.max(row.hops, trace.hops);
        if (delay === DELAYS_MS.at(-1)) row.onPath = trace.chain.map((call) => `${call.object}.${call.method}`);
        await cleanup?.();
      }
      row.msByDelay[delay] = summarize(times).p50;
    }
    rows.push(row);
  }
  const header = `| hook | hops (goal) | ${DELAYS_MS.map((d) => `${d} ms hops`).join(" | ")} | the calls in a row (${DELAYS_MS.at(-1)} ms) |`;
  const lines = rows.map(
    (row) =>
      `| ${row.hook} | ${row.hops} (${row.goal}) | ${DELAYS_MS.map((d) => `${row.msByDelay[d]} ms`).join(" | ")} | ${row.onPath.join(", ")} |`,
  );
  console.log([header, `|${" --- |".repeat(DELAYS_MS.length + 3)}`, ...lines].join("\n"));
  await fetch(inject("resultsSink"), { method: "POST", body: JSON.stringify({ name: "hops", data: { runs: RUNS, rows } }) });
});
