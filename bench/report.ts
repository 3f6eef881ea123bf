// The figures of every benchmark in one table, as docs/limits-and-benchmarks.md shows them:
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
for (const [what, s] of Object.entries<any>(hook.results))
  rows.push([`hook round trip: ${what}`, `p50 ${ms(s.p50)}, p95 ${ms(s.p95)}, p99 ${ms(s.p99)}`, `n=${s.n}`]);
rows.push([
  "add -> COMPLETED seen by wait (no-op task)",
  `p50 ${ms(tasks.latency.p50)}, p95 ${ms(tasks.latency.p95)}`,
  `n=${tasks.latency.n}`,
]);
for (const [what, t] of [
  ["1 session x 2,000", tasks.throughput.oneSession],
  ["100 sessions x 20", tasks.throughput.manySessions],
] as const) {
  rows.push([
    `no-op tasks completed per second, ${what}, added over HTTP`,
    `${t.completedPerSecond}/s`,
    `adds ${t.addsPerSecond}/s, ${t.seconds} s in all`,
  ]);
}
for (const [what, t] of [
  ["1 session x 2,000", pipeline.oneSession],
  ["100 sessions x 20", pipeline.manySessions],
] as const) {
  rows.push([`no-op tasks completed per second, ${what}, added inside the Worker`, `${t.completedPerSecond}/s`, `${t.seconds} s in all`]);
}
for (const run of load.runs) {
  rows.push([
    `hook requests per second, ${run.concurrency} in flight`,
    `${run.perSecond}/s`,
    `p50 ${ms(run.latency.p50)}, p95 ${ms(run.latency.p95)}, ${run.errors} errors`,
  ]);
}
for (const row of store.scale) {
  rows.push([
    `store get / pop, ${row.rows.toLocaleString("en")} rows`,
    `get p50 ${ms(row["get p50"])}, pop p50 ${ms(row["pop p50"])}`,
    `p95 ${ms(row["get p95"])} / ${ms(row["pop p95"])}`,
  ]);
}
rows.push([
  `alarm expiry of ${store.expiry.rows.toLocaleString("en")} rows`,
  ms(store.expiry.drainMs),
  `${store.expiry.left} rows left, none read after expiry`,
]);

const team = read("team-scale");
const kib = (bytes: number) => `${Math.round(bytes / 1024).toLocaleString("en")} KiB`;
const teamRows: [string, string, string][] = [];
for (const cost of team.hooks) {
  const during = Object.values<number>(cost.duringHook).reduce((sum, n) => sum + n, 0);
  const after = Object.values<number>(cost.afterwards).reduce((sum, n) => sum + n, 0);
  teamRows.push([`calls to objects per hook: ${cost.hook}`, `${during} while answering`, `${after} after (activity, counts, runs)`]);
}
teamRows.push([
  `team index of ${team.index.sessions.toLocaleString("en")} sessions: a page`,
  `${kib(team.index.defaultPage.bytes)} (${team.index.defaultPage.sessions}), ${kib(team.index.largestPage.bytes)} (${team.index.largestPage.sessions})`,
  `every page: ${team.index.everyPage.pages} pages, ${team.index.everyPage.ms} ms; live snapshot ${kib(team.index.liveSnapshot.bytes)}`,
]);
teamRows.push([
  "PUT /v1/team/settings with that index",
  `${team.retention.sessionStoresCalled} store calls, ${team.retention.ms} ms`,
  `was ${team.retention.callsBefore.toLocaleString("en")} calls`,
]);
for (const b of team.fanOut.bursts) {
  teamRows.push([
    `${team.fanOut.pagesOpen} live pages, ${b.sessionsChanged} sessions changed in a second`,
    `${b.framesPerPage} frame per page, ${kib(b.frameBytes)}`,
    `broadcast ${b.broadcastMs} ms (${b.perPageMs} ms a page)`,
  ]);
}
teamRows.push([
  `a session of ${team.bigSession.results} results of 900 KB: a list page`,
  `${kib(team.bigSession.largestPageBytes)} (was ${kib(team.bigSession.everyValueAtOnce)} in one answer)`,
  `without values ${kib(team.bigSession.withoutValues.bytes)}; live snapshot ${kib(team.bigSession.liveSnapshotBytes)}`,
]);
for (const [object, load] of Object.entries<any>(team.load.typical)) {
  const worst = team.load.worst[object];
  teamRows.push([
    `${object}: requests/s at ${team.members.toLocaleString("en")} busy members`,
    `${load.requestsPerSecond} (${worst.requestsPerSecond} at worst)`,
    load.membersAtLimit === null
      ? "one member each"
      : `1,000/s at ${worst.membersAtLimit.toLocaleString("en")}-${load.membersAtLimit.toLocaleString("en")} members`,
  ]);
}
for (const live of team.load.live) {
  teamRows.push([
    `live index, ${live.pagesOpen.toLocaleString("en")} pages open`,
    `${live.broadcastMsPerSecond} ms of the object's time per second`,
    `${live.framesPerSecond.toLocaleString("en")} frames/s of ${kib(live.frameBytes)}`,
  ]);
}
for (const run of team.consumer) {
  teamRows.push([
    `consumer invocation subrequests: ${run.runs}`,
    `${run.subrequests}`,
    `limits ${run.free} (Free), ${run.paid.toLocaleString("en")} (Paid)`,
  ]);
}
rows.push(...teamRows);

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
