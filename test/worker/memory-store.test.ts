// The team's memory (src/memory/): search by words with SQLite FTS5 inside the object, ranked
// by BM25, within each member's view (the team's memories and their own); the limit on what a
// result holds; expiry and removal of every trace; and the search by meaning, on in-memory
// stand-ins of Vectorize and Workers AI.
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { MemoryStore } from "../../src/memory/memory-store";
import { memoryStore } from "../../src/memory/team-memory";
import type { NewMemory } from "../../src/memory/types";
import { standInAi, standInVectors } from "./support/semantic-stand-in";

let teamCounter = 0;
/** A team (so a MemoryStore) no other test uses. */
const newTeam = () => `memory-team-${Date.now().toString(36)}-${teamCounter++}`;

const note = (text: string, more: Partial<NewMemory> = {}): NewMemory => ({
  text,
  scope: "team",
  source: "note",
  member: "alice",
  project: "shop",
  ...more,
});

/** What the object holds in its index of words: rows no search can reach must not stay there. */
async function indexedRows(store: DurableObjectStub<MemoryStore>): Promise<number> {
  return runInDurableObject(
    store,
    (_instance, state) => state.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM memory_words").one().n,
  );
}

describe("the team's memory, searched by words", () => {
  it("finds memories by the words of a query, stemmed, best match first", async () => {
    const store = memoryStore(env, newTeam());
    await store.add(note("The staging database is reset every Monday; run the migrations again after it."));
    await store.add(note("Deploys go out on Tuesdays after the review meeting."));
    await store.add(note("Migrations: run them with npm run migrate, never by hand on the staging database."));
    const hits = await store.search({ query: "running migrations on staging", member: "bob" });
    expect(hits.map((hit) => hit.text)).toEqual([
      "Migrations: run them with npm run migrate, never by hand on the staging database.",
      "The staging database is reset every Monday; run the migrations again after it.",
    ]);
    expect(hits[0]).toMatchObject({ member: "alice", scope: "team", source: "note", project: "shop", foundBy: ["words"] });
  });

  it("finds a member's own memories for them alone, and lists each member what they may see", async () => {
    const store = memoryStore(env, newTeam());
    await store.add(note("My token for the billing sandbox is in 1Password under billing-sandbox.", { scope: "member" }));
    await store.add(note("The billing sandbox resets nightly.", { member: "bob" }));
    const forAlice = await store.search({ query: "billing sandbox", member: "alice" });
    const forBob = await store.search({ query: "billing sandbox", member: "bob" });
    expect(forAlice.map((hit) => hit.member).sort()).toEqual(["alice", "bob"]);
    expect(forBob.map((hit) => hit.text)).toEqual(["The billing sandbox resets nightly."]);
    expect((await store.list({ member: "bob" })).memories.map((memory) => memory.member)).toEqual(["bob"]);
    expect((await store.list({ member: "alice" })).memories.map((memory) => memory.scope)).toEqual(["team", "member"]);
    expect((await store.list({ member: "alice", scope: "member" })).memories).toHaveLength(1);
    expect((await store.list({ member: "alice", addedBy: "bob" })).memories.map((memory) => memory.member)).toEqual(["bob"]);
  });

  it("keeps a text once per member and scope: adding it again renews it", async () => {
    const store = memoryStore(env, newTeam());
    const first = await store.add(note("Use pnpm, not npm, in the web folder.", { ttlDays: 1 }));
    const again = await store.add(note("Use pnpm, not npm, in the web folder.", { ttlDays: 30 }));
    expect(first.added).toBe(true);
    expect(again).toMatchObject({ added: false, memory: { id: first.memory.id } });
    expect(again.memory.expiresAt).toBeGreaterThan(first.memory.expiresAt);
    expect((await store.list({ member: "alice" })).memories).toHaveLength(1);
    // Once expired, the same text is a new memory, not the old one renewed.
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec("UPDATE memories SET expires_at = ? WHERE id = ?", Date.now() - 1, first.memory.id);
    });
    const afresh = await store.add(note("Use pnpm, not npm, in the web folder."));
    expect(afresh.added).toBe(true);
    expect(afresh.memory.id).not.toBe(first.memory.id);
    // Another member's copy is theirs.
    expect((await store.add(note("Use pnpm, not npm, in the web folder.", { member: "bob" }))).added).toBe(true);
  });

  it("returns at most `limit` memories holding at most `maxChars` of text together, the last one cut", async () => {
    const store = memoryStore(env, newTeam());
    for (let i = 0; i < 8; i++) await store.add(note(`Cache note ${i}: ${"the cache warms slowly after a deploy. ".repeat(10)}`));
    expect(await store.search({ query: "cache deploy", member: "alice" })).toHaveLength(5);
    const hits = await store.search({ query: "cache deploy", member: "alice", limit: 10, maxChars: 1000 });
    expect(hits.reduce((sum, hit) => sum + hit.text.length, 0)).toBeLessThanOrEqual(1000);
    expect(hits.at(-1)).toMatchObject({ cut: true });
    expect(hits.slice(0, -1).every((hit) => !hit.cut)).toBe(true);
    // The deployment's bounds hold whatever the caller asks.
    expect(
      (await store.search({ query: "cache", member: "alice", limit: 100, maxChars: 1e9 })).reduce((sum, hit) => sum + hit.text.length, 0),
    ).toBeLessThanOrEqual(3000);
  });

  it("reads a query's words as words: FTS5's operators and quotes in it are no syntax", async () => {
    const store = memoryStore(env, newTeam());
    await store.add(note("NEAR the office there is a cafe; text: column filters do not apply."));
    for (const query of ['"unbalanced', "NOT NEAR(", "text: cafe", "a OR", "*", "^office", "()"]) {
      await expect(store.search({ query, member: "alice" })).resolves.toBeInstanceOf(Array);
    }
    expect((await store.search({ query: "text: cafe", member: "alice" })).length).toBe(1);
    expect(await store.search({ query: "the of and", member: "alice" })).toEqual([]);
  });

  it("forgets expired memories at once and deletes them, words and all, at the alarm", async () => {
    const store = memoryStore(env, newTeam());
    const { memory } = await store.add(note("The old VPN endpoint is vpn1.example.internal."));
    await store.add(note("The new VPN endpoint is vpn2.example.internal."));
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec("UPDATE memories SET expires_at = ? WHERE id = ?", Date.now() - 1, memory.id);
    });
    expect((await store.search({ query: "vpn endpoint", member: "alice" })).map((hit) => hit.text)).toEqual([
      "The new VPN endpoint is vpn2.example.internal.",
    ]);
    expect(await runDurableObjectAlarm(store)).toBe(true);
    expect(await indexedRows(store)).toBe(1);
    expect((await store.list({ member: "alice" })).memories).toHaveLength(1);
  });

  it("keeps nothing beyond the deployment's retention, whatever a memory's own expiry", async () => {
    const store = memoryStore(env, newTeam());
    const { memory } = await store.add(note("A note from long ago about the legacy build."));
    await runInDurableObject(store, (_instance, state) => {
      // Created 91 days ago (the default retention is 90), its own expiry still ahead.
      state.storage.sql.exec("UPDATE memories SET created_at = ? WHERE id = ?", Date.now() - 91 * 24 * 3600 * 1000, memory.id);
    });
    expect(await store.search({ query: "legacy build", member: "alice" })).toEqual([]);
    await runDurableObjectAlarm(store);
    expect(await indexedRows(store)).toBe(0);
  });

  it("lets a memory's adder or an admin remove it; a teammate's private one is not found by others", async () => {
    const store = memoryStore(env, newTeam());
    const shared = (await store.add(note("Shared: the design doc lives in Notion."))).memory;
    const own = (await store.add(note("Mine: the design doc draft is in my drafts.", { scope: "member" }))).memory;
    expect(await store.remove(shared.id, { member: "bob", admin: false })).toBe("forbidden");
    expect(await store.remove(own.id, { member: "bob", admin: false })).toBe("not_found");
    expect(await store.remove("no-such-id", { member: "alice", admin: false })).toBe("not_found");
    expect(await store.remove(shared.id, { member: "alice", admin: false })).toBe("removed");
    expect(await store.remove(own.id, { member: "ada", admin: true })).toBe("removed");
    expect(await store.search({ query: "design doc", member: "alice" })).toEqual([]);
    expect(await indexedRows(store)).toBe(0);
  });

  it("removes every memory of one member, and only theirs", async () => {
    const store = memoryStore(env, newTeam());
    await store.add(note("Alice one about queues."));
    await store.add(note("Alice two about queues.", { scope: "member" }));
    await store.add(note("Bob's about queues.", { member: "bob" }));
    expect(await store.removeAllOf("alice")).toBe(2);
    expect((await store.search({ query: "queues", member: "alice" })).map((hit) => hit.member)).toEqual(["bob"]);
  });

  it("pages a list newest first", async () => {
    const store = memoryStore(env, newTeam());
    for (let i = 0; i < 5; i++) await store.add(note(`Page note ${i}`));
    const first = await store.list({ member: "alice", limit: 2 });
    const second = await store.list({ member: "alice", limit: 2, after: first.next! });
    const third = await store.list({ member: "alice", limit: 2, after: second.next! });
    expect([...first.memories, ...second.memories, ...third.memories].map((memory) => memory.text)).toEqual(
      [4, 3, 2, 1, 0].map((i) => `Page note ${i}`),
    );
    expect(third.next).toBeNull();
  });
});

describe("the team's memory, searched by meaning where Vectorize and Workers AI are bound (stand-ins)", () => {
  const withVectors = (team: string) => {
    const namespace = (env as unknown as { MEMORY_STORE_WITH_VECTORS: DurableObjectNamespace<MemoryStore> }).MEMORY_STORE_WITH_VECTORS;
    return namespace.get(namespace.idFromName(team));
  };
  beforeEach(() => {
    standInVectors.namespaces.clear();
  });

  it("finds a memory that shares no word with the query, but its meaning", async () => {
    const store = withVectors(newTeam());
    await store.add(note("Park the automobile in lot B on Fridays."));
    await store.add(note("Lunch is at noon."));
    // Words alone find nothing: no word of the query is in the memory.
    expect(await memoryStore(env, newTeam()).search({ query: "where do cars go", member: "alice" })).toEqual([]);
    const hits = await store.search({ query: "where do cars go", member: "alice" });
    expect(hits.map((hit) => [hit.text, hit.foundBy])).toEqual([["Park the automobile in lot B on Fridays.", ["meaning"]]]);
  });

  it("ranks first what both the words and the meaning find", async () => {
    const store = withVectors(newTeam());
    await store.add(note("Postgres backups run at 02:00."));
    await store.add(note("The database outage runbook is in the wiki."));
    const hits = await store.search({ query: "database outage", member: "alice" });
    expect(hits[0]).toMatchObject({ text: "The database outage runbook is in the wiki.", foundBy: ["words", "meaning"] });
  });

  it("keeps each team's vectors in a namespace of its own, and a member's own memories from teammates", async () => {
    const team = newTeam();
    const store = withVectors(team);
    await store.add(note("My automobile is the blue one.", { scope: "member" }));
    await withVectors(newTeam()).add(note("Another team's vehicle pool."));
    expect(standInVectors.namespaces.size).toBe(2);
    expect(await store.search({ query: "car", member: "bob" })).toEqual([]);
    expect((await store.search({ query: "car", member: "alice" })).map((hit) => hit.text)).toEqual(["My automobile is the blue one."]);
  });

  it("removes a memory's vector with it, at removal and at expiry", async () => {
    const store = withVectors(newTeam());
    const removed = (await store.add(note("The car wash closes at six."))).memory;
    const expiring = (await store.add(note("Vehicle inspections are due in March."))).memory;
    await store.remove(removed.id, { member: "alice", admin: false });
    await runInDurableObject(store, (_instance, state) => {
      state.storage.sql.exec("UPDATE memories SET expires_at = ? WHERE id = ?", Date.now() - 1, expiring.id);
    });
    await runDurableObjectAlarm(store);
    const ids = [...standInVectors.namespaces.values()].flatMap((space) => [...space.keys()]);
    expect(ids).not.toContain(removed.id);
    expect(ids).not.toContain(expiring.id);
  });

  it("searches by words alone when the embeddings fail", async () => {
    const store = withVectors(newTeam());
    await store.add(note("Rotate the signing keys every quarter."));
    const run = standInAi.run;
    standInAi.run = async () => {
      throw new Error("Workers AI is down");
    };
    try {
      const hits = await store.search({ query: "signing keys", member: "alice" });
      expect(hits.map((hit) => hit.foundBy)).toEqual([["words"]]);
    } finally {
      standInAi.run = run;
    }
  });
});
