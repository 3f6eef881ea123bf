// The figures of every benchmark in one table, as the README shows them:
// bench/results/summary.md. Run by `npm run bench` after the benchmarks.
import { readFileSync, writeFileSync } from "node:fs";

const read = (name: string) => JSON.parse(readFileSync(`bench/results/${name}.json`, "utf8"));
const hook = read("hook-latency");
const tasks = read("tasks");
const load = read("hook-load");
const store = read("store-scale");
const pipeline = read("pipeline");
const ms = (x: number) => `${x} ms`;

const rows: [string, string, string][] = [];
for (const [what, s] of Object.entries<any>(hook.results)) rows.push([`hook round trip: ${what}`, `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`, `n=${s.n}`]);
rows.push(["add -> COMPLETED seen by wait (no-op task)", `p50 ${ms(tasks.latency.p50)}, p95 ${ms(tasks.latency.p95)}`, `n=${tasks.latency.n}`]);
for (const [what, t] of [["1 session x 2,000", tasks.throughput.oneSession], ["100 sessions x 20", tasks.throughput.manySessions]] as const) {
  rows.push([`no-op tasks completed per second, ${what}, added over HTTP`, `${t.completedPerSecond}/s`, `adds ${t.addsPerSecond}/s, ${t.seconds} s in all`]);
}
for (const [what, t] of [["1 session x 2,000", pipeline.oneSession], ["100 sessions x 20", pipeline.manySessions]] as const) {
  rows.push([`no-op tasks completed per second, ${what}, added inside the Worker`, `${t.completedPerSecond}/s`, `${t.seconds} s in all`]);
}
for (const run of load.runs) {
  rows.push([`hook requests per second, ${run.concurrency} in flight`, `${run.perSecond}/s`, `p50 ${ms(run.latency.p50)}, p95 ${ms(run.latency.p95)}, ${run.errors} errors`]);
}
for (const row of store.scale) {
  rows.push([`store get / pop, ${row.rows.toLocaleString("en")} rows`, `get p50 ${ms(row["get p50"])}, pop p50 ${ms(row["pop p50"])}`, `p95 ${ms(row["get p95"])} / ${ms(row["pop p95"])}`]);
}
rows.push([`alarm expiry of ${store.expiry.rows.toLocaleString("en")} rows`, ms(store.expiry.drainMs), `${store.expiry.left} rows left, none read after expiry`]);

const { machine } = hook;
const table = [
  `Measured ${machine.date.slice(0, 10)} on ${machine.cores} cores (${machine.cpu}), ${machine.memoryGiB} GiB, wrangler's local runtime, loopback.`,
  "",
  "| what | figure | detail |",
  "| --- | --- | --- |",
  ...rows.map((row) => `| ${row.join(" | ")} |`),
  "",
].join("\n");
writeFileSync("bench/results/summary.md", table);
console.log(`\n${table}`);
