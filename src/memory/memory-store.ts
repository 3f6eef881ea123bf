/**
 * The team's memory: one Durable Object per team (named by the team), with its memories in
 * SQLite and their words in an FTS5 index beside them, ranked by BM25. Works offline and on
 * the Free plan (SQLite-backed objects); where the deployment binds Vectorize and Workers AI,
 * a search also finds memories by meaning (semantic.ts). Expired memories are deleted by the
 * object's alarm: their rows, their index entries and their vectors.
 */
import { DurableObject } from "cloudflare:workers";
import { migrate } from "../store/schema";
import { DAY_MS, MEMORY_LIMITS, retentionDays } from "./limits";
import { MEMORY_STORE_SCHEMA } from "./schema";
import { type SemanticIndex, semanticIndexOf } from "./semantic";
import { matchExpression, searchTerms } from "./terms";
import type {
  AddedMemory,
  ListRequest,
  Memory,
  MemoryHit,
  MemoryPage,
  MemoryScope,
  NewMemory,
  RemoveOutcome,
  SearchRequest,
} from "./types";

interface MemoryRow extends Record<string, SqlStorageValue> {
  seq: number;
  id: string;
  text: string;
  scope: string;
  member: string;
  source: string;
  project: string | null;
  created_at: number;
  expires_at: number;
  embedded: number;
}

/** Terms held by more than this share of the memories are left out of a search's ranking, from this many memories. */
const COMMON_TERMS = { share: 0.2, fromMemories: 1000 } as const;

const COLUMNS = "seq, id, text, scope, member, source, project, created_at, expires_at, embedded";
/** What a member may find: the team's memories and their own, alive and within the retention. */
const VISIBLE = "(scope = 'team' OR member = ?) AND expires_at > ? AND created_at > ?";

function memoryOf(row: MemoryRow): Memory {
  return {
    id: row.id,
    text: row.text,
    scope: row.scope as MemoryScope,
    source: row.source,
    member: row.member,
    project: row.project,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
  };
}

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

export class MemoryStore extends DurableObject<Env> {
  readonly #sql: SqlStorage;
  #semantic: Promise<SemanticIndex | null> | undefined;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.#sql = ctx.storage.sql;
    migrate(this.#sql, MEMORY_STORE_SCHEMA);
  }

  /** The team this object holds: its own name (the Worker names it by the team). */
  get #team(): string {
    return this.ctx.id.name ?? this.ctx.id.toString();
  }

  #semanticIndex(): Promise<SemanticIndex | null> {
    this.#semantic ??= semanticIndexOf(this.env, this.#team);
    return this.#semantic;
  }

  /** The oldest creation time still kept: the deployment's retention, read on each call (it may change). */
  #oldest(now: number): number {
    return now - retentionDays(this.env) * DAY_MS;
  }

  /** Adds a memory; the same text added again by the same member in the same scope renews it instead. */
  async add(input: NewMemory): Promise<AddedMemory> {
    const now = Date.now();
    const days = Math.min(input.ttlDays ?? Number.POSITIVE_INFINITY, retentionDays(this.env));
    const expiresAt = now + days * DAY_MS;
    const digest = await sha256(input.text);
    const existing = this.#sql
      .exec<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE member = ? AND scope = ? AND digest = ?`, input.member, input.scope, digest)
      .toArray()[0];
    if (existing && (existing.expires_at <= now || existing.created_at <= this.#oldest(now))) {
      // Gone for every search already, and the alarm's to delete: added afresh, not renewed.
      await this.#delete([existing]);
    } else if (existing) {
      this.#sql.exec("UPDATE memories SET expires_at = max(expires_at, ?) WHERE seq = ?", expiresAt, existing.seq);
      await this.#armAlarm();
      return { memory: memoryOf({ ...existing, expires_at: Math.max(existing.expires_at, expiresAt) }), added: false };
    }
    const id = crypto.randomUUID();
    const row = this.ctx.storage.transactionSync(() => {
      const inserted = this.#sql
        .exec<MemoryRow>(
          `INSERT INTO memories (id, text, digest, scope, member, source, project, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING ${COLUMNS}`,
          id,
          input.text,
          digest,
          input.scope,
          input.member,
          input.source,
          input.project ?? null,
          now,
          expiresAt,
        )
        .one();
      this.#sql.exec("INSERT INTO memory_words (rowid, text) VALUES (?, ?)", inserted.seq, input.text);
      return inserted;
    });
    await this.#armAlarm();
    await this.#embed([row]);
    return { memory: memoryOf(row), added: true };
  }

  /** Memories the member may see, newest first, a page at a time. */
  list(request: ListRequest): MemoryPage {
    const now = Date.now();
    const limit = Math.min(request.limit ?? MEMORY_LIMITS.listPageDefault, MEMORY_LIMITS.listPageMax);
    const filters = [VISIBLE];
    const params: SqlStorageValue[] = [request.member, now, this.#oldest(now)];
    const filter = (clause: string, value: SqlStorageValue | undefined) => {
      if (value === undefined) return;
      filters.push(clause);
      params.push(value);
    };
    filter("scope = ?", request.scope);
    filter("member = ?", request.addedBy);
    filter("project = ?", request.project);
    filter("seq < ?", request.after);
    const rows = this.#sql
      .exec<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE ${filters.join(" AND ")} ORDER BY seq DESC LIMIT ?`, ...params, limit + 1)
      .toArray();
    const page = rows.slice(0, limit);
    return { memories: page.map(memoryOf), next: rows.length > limit ? page.at(-1)!.seq : null };
  }

  /**
   * The memories that bear on `query`, best first: by its words (BM25 over the FTS5 index)
   * and, where bound, by its meaning; both lists merged by reciprocal rank. The texts are cut
   * so that the whole result holds at most `maxChars` of them.
   */
  async search(request: SearchRequest): Promise<MemoryHit[]> {
    const now = Date.now();
    const limit = Math.min(request.limit ?? MEMORY_LIMITS.searchLimitDefault, MEMORY_LIMITS.searchLimitMax);
    const maxChars = Math.min(request.maxChars ?? MEMORY_LIMITS.contextMaxChars, MEMORY_LIMITS.contextMaxChars);
    const terms = searchTerms(request.query);
    const visible = { member: request.member, now, oldest: this.#oldest(now) };
    const byWords = terms.length === 0 ? [] : this.#searchWords(terms, visible, limit);
    const byMeaning = await this.#searchMeaning(request.query, visible, limit);
    return fitWithin(fuse(byWords, byMeaning, limit), maxChars);
  }

  #searchWords(terms: string[], visible: Visible, limit: number): MemoryRow[] {
    const telling = this.#tellingTerms(terms);
    if (telling.length === 0) return [];
    return this.#sql
      .exec<MemoryRow>(
        `SELECT ${COLUMNS.split(", ")
          .map((column) => `m.${column}`)
          .join(", ")}
         FROM memory_words JOIN memories m ON m.seq = memory_words.rowid
         WHERE memory_words MATCH ? AND (m.scope = 'team' OR m.member = ?) AND m.expires_at > ? AND m.created_at > ?
         ORDER BY bm25(memory_words) LIMIT ?`,
        matchExpression(telling),
        visible.member,
        visible.now,
        visible.oldest,
        limit,
      )
      .toArray();
  }

  /**
   * The terms worth ranking by: those some memory holds, without those most memories hold.
   * Ranking costs one BM25 score per matching memory, and a term in a large share of them adds
   * matches by the ten thousand but next to nothing to a score (its IDF is near zero): at
   * 100,000 memories, leaving them out halves the search's time (docs/memory.md). Counting a
   * term's memories reads its index entry only. The rarest term is always kept.
   */
  #tellingTerms(terms: string[]): string[] {
    const counts = this.#sql
      .exec(
        `SELECT ${terms.map(() => "(SELECT count(*) FROM memory_words WHERE memory_words MATCH ?)").join(", ")}`,
        ...terms.map((term) => matchExpression([term])),
      )
      .raw()
      .next().value as number[];
    const held = terms.map((term, i) => ({ term, count: counts[i]! })).filter(({ count }) => count > 0);
    const memories = this.#sql.exec<{ n: number }>("SELECT count(*) AS n FROM memories").one().n;
    if (held.length === 0 || memories < COMMON_TERMS.fromMemories) return held.map(({ term }) => term);
    const telling = held.filter(({ count }) => count <= memories * COMMON_TERMS.share);
    return telling.length > 0 ? telling.map(({ term }) => term) : [held.reduce((a, b) => (b.count < a.count ? b : a)).term];
  }

  /** Nothing when the deployment binds no semantic index, or when it fails (the words still find). */
  async #searchMeaning(query: string, visible: Visible, limit: number): Promise<MemoryRow[]> {
    const semantic = await this.#semanticIndex();
    if (!semantic || query.trim() === "") return [];
    let ids: string[];
    try {
      ids = await semantic.nearest(query);
    } catch (error) {
      console.warn("fasthooks: the memory's search by meaning failed; searching by words only:", error);
      return [];
    }
    if (ids.length === 0) return [];
    const rows = this.#sql
      .exec<MemoryRow>(
        `SELECT ${COLUMNS} FROM memories WHERE id IN (SELECT value FROM json_each(?)) AND ${VISIBLE}`,
        JSON.stringify(ids),
        visible.member,
        visible.now,
        visible.oldest,
      )
      .toArray();
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []).slice(0, limit);
  }

  /** Removes a memory: its adder may, and an admin. A teammate's own memory is not found by others. */
  async remove(id: string, by: { member: string; admin: boolean }): Promise<RemoveOutcome> {
    const row = this.#sql.exec<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE id = ?`, id).toArray()[0];
    if (!row || (row.scope === "member" && row.member !== by.member && !by.admin)) return "not_found";
    if (row.member !== by.member && !by.admin) return "forbidden";
    await this.#delete([row]);
    return "removed";
  }

  /** Removes every memory `member` added (a member's own wish, or an admin's when they leave). */
  async removeAllOf(member: string): Promise<number> {
    let removed = 0;
    for (;;) {
      const rows = this.#sql
        .exec<MemoryRow>(`SELECT ${COLUMNS} FROM memories WHERE member = ? LIMIT ?`, member, MEMORY_LIMITS.expireBatch)
        .toArray();
      if (rows.length === 0) return removed;
      await this.#delete(rows);
      removed += rows.length;
    }
  }

  /** Deletes what has expired or outlived the retention, a batch at a time, and re-arms for the next. */
  override async alarm(): Promise<void> {
    const now = Date.now();
    const due = this.#sql
      .exec<MemoryRow>(
        `SELECT ${COLUMNS} FROM memories WHERE expires_at <= ? OR created_at <= ? LIMIT ?`,
        now,
        this.#oldest(now),
        MEMORY_LIMITS.expireBatch,
      )
      .toArray();
    await this.#delete(due);
    if (due.length === MEMORY_LIMITS.expireBatch) await this.ctx.storage.setAlarm(Date.now());
    else await this.#armAlarm(true);
  }

  /** Rows, their words and their vectors: all of a memory goes. */
  async #delete(rows: MemoryRow[]): Promise<void> {
    if (rows.length === 0) return;
    this.ctx.storage.transactionSync(() => {
      for (const row of rows) {
        this.#sql.exec("DELETE FROM memory_words WHERE rowid = ?", row.seq);
        this.#sql.exec("DELETE FROM memories WHERE seq = ?", row.seq);
      }
    });
    const embedded = rows.filter((row) => row.embedded).map((row) => row.id);
    if (embedded.length === 0) return;
    try {
      await (await this.#semanticIndex())?.remove(embedded);
    } catch (error) {
      // The rows are gone, so no search returns these ids any more; the vectors stay until removed by hand.
      console.error(`fasthooks: could not remove ${embedded.length} memory vectors from Vectorize:`, error);
    }
  }

  /** Embeds new memories where the deployment binds a semantic index; a failure leaves them found by words alone. */
  async #embed(rows: MemoryRow[]): Promise<void> {
    const semantic = await this.#semanticIndex();
    if (!semantic) return;
    try {
      await semantic.put(rows.map((row) => ({ id: row.id, text: row.text })));
      for (const row of rows) this.#sql.exec("UPDATE memories SET embedded = 1 WHERE seq = ?", row.seq);
    } catch (error) {
      console.warn("fasthooks: could not embed a memory (it is found by its words only):", error);
    }
  }

  /** The alarm goes off at the next expiry or retention's end; `force` re-reads it after a run. */
  async #armAlarm(force = false): Promise<void> {
    const next = this.#sql
      .exec<{ at: number | null }>(
        "SELECT min((SELECT min(expires_at) FROM memories), (SELECT min(created_at) FROM memories) + ?) AS at",
        retentionDays(this.env) * DAY_MS,
      )
      .one().at;
    if (next === null) return;
    const current = await this.ctx.storage.getAlarm();
    if (force || current === null || next < current) await this.ctx.storage.setAlarm(next);
  }
}

interface Visible {
  member: string;
  now: number;
  oldest: number;
}

/** Reciprocal rank fusion (k = 60): a memory high in either list, or in both, comes first. */
function fuse(byWords: MemoryRow[], byMeaning: MemoryRow[], limit: number): MemoryHit[] {
  const scored = new Map<string, { row: MemoryRow; score: number; foundBy: MemoryHit["foundBy"] }>();
  const addList = (rows: MemoryRow[], how: "words" | "meaning") =>
    rows.forEach((row, rank) => {
      const entry = scored.get(row.id) ?? { row, score: 0, foundBy: [] };
      entry.score += 1 / (60 + rank + 1);
      entry.foundBy.push(how);
      scored.set(row.id, entry);
    });
  addList(byWords, "words");
  addList(byMeaning, "meaning");
  return [...scored.values()]
    .sort((a, b) => b.score - a.score)
    .slice(0, limit)
    .map(({ row, foundBy }) => ({ ...memoryOf(row), foundBy }));
}

/** The hits, in order, with their texts cut so that all of them together hold at most `maxChars`. */
function fitWithin(hits: MemoryHit[], maxChars: number): MemoryHit[] {
  const fitted: MemoryHit[] = [];
  let left = maxChars;
  for (const hit of hits) {
    // A sliver of a memory says nothing: stop rather than hand over a few words.
    if (left < 80) break;
    if (hit.text.length <= left) {
      fitted.push(hit);
      left -= hit.text.length;
    } else {
      fitted.push({ ...hit, text: `${hit.text.slice(0, left - 1).trimEnd()}…`, cut: true });
      left = 0;
    }
  }
  return fitted;
}
