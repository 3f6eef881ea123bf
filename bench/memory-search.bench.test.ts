// The team's memory at scale (src/memory/): FTS5 search time, ranked by BM25, with 10,000 and
// 100,000 memories in one team's MemoryStore, over RPC as the search task calls it (and the
// same queries ranked on all their terms, common ones included); the store's size; and what the memory adds to the prompt hook: the calls each object receives while the
// prompt is answered (the search runs afterwards, as a task). Run on demand: `npm run
// bench:memory`. Prints figures; asserts only that the work asked was done.
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { expect, inject, it } from "vitest";
import { MockEvent } from "../src/testing";
import { MemoryStore } from "../src/memory/memory-store";
import { memoryStore } from "../src/memory/team-memory";
import { matchExpression, searchTerms } from "../src/memory/terms";
import { SessionStore } from "../src/store/session-store";
import { TeamIndex } from "../src/store/team-index";
import { countCalls, since } from "./support/rpc-counter";
import { BENCH_TEAM, memberToken } from "./support/team";

const SIZES = [10_000, 100_000];
const QUERIES = 200;

/** A fixed pseudo-random sequence (mulberry32): the same memories and queries on every run. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A vocabulary of 20,000 made-up words drawn by Zipf's law (a few words everywhere, most
 * rare), as words are in notes and prompts.
 */
function vocabulary(next: () => number) {
  const syllables = ["ka", "lo", "mi", "ne", "ru", "ta", "se", "vo", "di", "pa", "gu", "ze", "fi", "ho", "bre", "stu"];
  const words = Array.from({ length: 20_000 }, (_, i) => {
    let word = "";
    for (let n = i + 1; n > 0; n = Math.floor(n / 16)) word += syllables[n % 16];
    return word;
  });
  const weights = words.map((_, rank) => 1 / (rank + 1));
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cumulative: number[] = [];
  let sum = 0;
  for (const weight of weights) {
    sum += weight;
    cumulative.push(sum / total);
  }
  return () => {
    const x = next();
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return words[lo]!;
  };
}

const next = random(20261206);
const word = vocabulary(next);
const sentence = (words: number) => Array.from({ length: words }, word).join(" ");

/** `count` memories, 30-60 words each, written straight into the object's tables in one transaction per 10,000. */
async function seed(team: string, count: number) {
  const store = memoryStore(env, team);
  const now = Date.now();
  for (let done = 0; done < count; done += 10_000) {
    await runInDurableObject(store, (_instance: MemoryStore, state) => {
      state.storage.transactionSync(() => {
        for (let i = done; i < Math.min(count, done + 10_000); i++) {
          const text = sentence(30 + Math.floor(next() * 31));
          const { seq } = state.storage.sql
            .exec<{ seq: number }>(
              `INSERT INTO memories (id, text, digest, scope, member, source, project, created_at, expires_at)
               VALUES (?, ?, ?, ?, ?, 'note', 'bench', ?, ?) RETURNING seq`,
              crypto.randomUUID(),
              text,
              `d${i}`,
              i % 10 === 0 ? "member" : "team",
              `m${String(i % 1000).padStart(4, "0")}`,
              now,
              now + 90 * 24 * 3600 * 1000,
            )
            .one();
          state.storage.sql.exec("INSERT INTO memory_words (rowid, text) VALUES (?, ?)", seq, text);
        }
      });
    });
  }
  return store;
}

function summarize(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! * 100) / 100;
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) };
}

async function report(name: string, data: unknown) {
  await fetch(inject("resultsSink"), { method: "POST", body: JSON.stringify({ name, data }) });
}

const calls = countCalls({ SessionStore, TeamIndex, MemoryStore }, (_instance, className) => className);

it("searches 10,000 and 100,000 memories, and adds nothing to the prompt's answer but its own session", async () => {
  const figures: Record<string, unknown> = {};
  for (const size of SIZES) {
    const team = `bench-memory-${size}`;
    const started = performance.now();
    const store = await seed(team, size);
    const seedSeconds = Math.round(performance.now() - started) / 1000;
    const bytes = await runInDurableObject(store, (_instance: MemoryStore, state) => state.storage.sql.databaseSize);
    // A prompt's terms: 6 words, common and rare as prompts have them; an empty trivial RPC as the floor.
    const queries = Array.from({ length: QUERIES }, () => sentence(6));
    const searchMs: number[] = [];
    let hits = 0;
    for (const query of queries) {
      const start = performance.now();
      const found = await store.search({ query, member: "m0001" });
      searchMs.push(performance.now() - start);
      hits += found.length;
    }
    const floorMs: number[] = [];
    for (let i = 0; i < QUERIES; i++) {
      const start = performance.now();
      await store.list({ member: "m0001", limit: 1 });
      floorMs.push(performance.now() - start);
    }
    // The same queries ranked on all their terms, common ones included (what the search leaves out: memory-store.ts).
    const allTermsMs: number[] = [];
    for (const query of queries) {
      const start = performance.now();
      await runInDurableObject(store, (_instance: MemoryStore, state) =>
        state.storage.sql
          .exec(
            `SELECT m.seq FROM memory_words JOIN memories m ON m.seq = memory_words.rowid
             WHERE memory_words MATCH ? ORDER BY bm25(memory_words) LIMIT 5`,
            matchExpression(searchTerms(query)),
          )
          .toArray(),
      );
      allTermsMs.push(performance.now() - start);
    }
    expect(hits).toBeGreaterThan(0);
    figures[String(size)] = {
      memories: size,
      seedSeconds,
      databaseMiB: Math.round((bytes / 2 ** 20) * 10) / 10,
      searchMs: summarize(searchMs),
      rankingAllTermsMs: summarize(allTermsMs),
      oneRowListMs: summarize(floorMs),
      hitsPerSearch: Math.round((hits / QUERIES) * 10) / 10,
    };
  }

  // The prompt hook of the default app (src/index.ts), with the bench team's memory at 100,000.
  await seed(BENCH_TEAM, 100_000);
  const session = `bench-memory-prompt-${Date.now().toString(36)}`;
  const prompt = async (text: string) => {
    calls.reset();
    const start = performance.now();
    const res = await SELF.fetch("http://bench.test/v1/hooks", {
      method: "POST",
      headers: { authorization: `Bearer ${memberToken(1)}`, "content-type": "application/json" },
      body: JSON.stringify(MockEvent.userPromptSubmit(text, { session_id: session })),
    });
    const body = await res.text();
    const ms = performance.now() - start;
    const during = calls.snapshot();
    // The search runs from the queue after the answer: wait for it.
    const wait = await SELF.fetch(`http://bench.test/v1/sessions/${session}/tasks/search_memory/wait?timeout=30`, {
      headers: { authorization: `Bearer ${memberToken(1)}` },
    });
    const search = (await wait.json()) as { status: string; startedAt: number; finishedAt: number };
    return { ms: Math.round(ms * 100) / 100, body, during, afterwards: since(calls.snapshot(), during), search };
  };
  const first = await prompt(`${sentence(8)} ?`);
  const second = await prompt(`${sentence(8)} ?`);
  expect(second.search.status).toBe("COMPLETED");
  figures.promptHook = {
    note: "UserPromptSubmit of the default app with 100,000 memories in the team's store; calls by class.method",
    firstPrompt: { ms: first.ms, duringAnswer: first.during },
    nextPrompt: {
      ms: second.ms,
      duringAnswer: second.during,
      memoryContextChars: (JSON.parse(second.body) as { hookSpecificOutput?: { additionalContext?: string } }).hookSpecificOutput
        ?.additionalContext?.length,
      searchTaskRunMs: second.search.finishedAt - second.search.startedAt,
      afterAnswer: second.afterwards,
    },
  };
  console.log(JSON.stringify(figures, null, 2));
  await report("memory-search", figures);
});
