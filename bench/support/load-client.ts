// The load for bench/hook-load.ts, from a process of its own (so the Worker's runtime and the
// client do not share an event loop): `concurrency` hook requests always in flight for a while.
import { summarize } from "./stats.ts";

const [url, token, concurrencyText, durationText, body] = process.argv.slice(2);
const concurrency = Number(concurrencyText);
const until = performance.now() + Number(durationText);
const latencies: number[] = [];
let errors = 0;

await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (performance.now() < until) {
      const start = performance.now();
      try {
        const res = await fetch(url!, {
          method: "POST",
          headers: { "Content-Type": "application/json", Authorization: `Bearer ${token}` },
          body,
        });
        await res.arrayBuffer();
        if (res.status !== 200) errors++;
      } catch {
        errors++;
      }
      latencies.push(performance.now() - start);
    }
  }),
);
const seconds = Number(durationText) / 1000;
process.stdout.write(
  JSON.stringify({
    concurrency,
    requests: latencies.length,
    errors,
    perSecond: Math.round(latencies.length / seconds),
    latency: summarize(latencies),
  }),
);
