/**
 * Search by meaning, where a deployment binds a Vectorize index (MEMORY_VECTORS) and Workers AI
 * (AI): each memory's text is embedded and kept in the index, in a namespace of its team's, and
 * a search's query is embedded and its nearest memories found. Neither binding runs offline
 * (`wrangler dev` reaches them only as remote bindings, with an account): without both, the
 * memory searches by words alone. Tests bind in-memory stand-ins of the two.
 */

/** 384 dimensions: create the index with `--dimensions=384 --metric=cosine` (docs/memory.md). */
const EMBEDDING_MODEL = "@cf/baai/bge-small-en-v1.5";

/**
 * Cosine similarity under which a nearest memory is no hit: an index always returns its nearest,
 * related or not. bge-small puts unrelated English sentences around 0.3-0.5.
 */
const MIN_SIMILARITY = 0.6;

/** Nearest memories asked for per search (Vectorize returns at most 100 without values). */
const NEAREST = 20;

/** Vectorize takes at most 1,000 vectors (or ids) per call. */
const BATCH = 1000;

/** What the memory asks of Workers AI: embeddings of texts. */
export interface TextEmbedder {
  run(model: typeof EMBEDDING_MODEL, inputs: { text: string[]; pooling?: "mean" | "cls" }): Promise<unknown>;
}

/** What the memory asks of a Vectorize index. */
export interface VectorIndex {
  upsert(vectors: { id: string; values: number[]; namespace?: string }[]): Promise<unknown>;
  query(
    vector: number[],
    options: { topK: number; namespace: string; returnValues?: false; returnMetadata?: "none" },
  ): Promise<{
    matches: { id: string; score: number }[];
  }>;
  deleteByIds(ids: string[]): Promise<unknown>;
}

/** One team's part of the index: its own namespace, so no search reaches another team's vectors. */
export class SemanticIndex {
  constructor(
    private readonly ai: TextEmbedder,
    private readonly vectors: VectorIndex,
    private readonly namespace: string,
  ) {}

  async embed(texts: string[]): Promise<number[][]> {
    const output = (await this.ai.run(EMBEDDING_MODEL, { text: texts, pooling: "cls" })) as { data?: number[][] };
    if (!Array.isArray(output?.data) || output.data.length !== texts.length) {
      throw new Error(`Workers AI answered ${EMBEDDING_MODEL} without one embedding per text`);
    }
    return output.data;
  }

  /** Keeps each memory's vector under its id (a memory's id is a UUID: within Vectorize's 64 bytes). */
  async put(memories: { id: string; text: string }[]): Promise<void> {
    for (let i = 0; i < memories.length; i += BATCH) {
      const batch = memories.slice(i, i + BATCH);
      const values = await this.embed(batch.map((memory) => memory.text));
      await this.vectors.upsert(batch.map((memory, j) => ({ id: memory.id, values: values[j]!, namespace: this.namespace })));
    }
  }

  /** The ids of the memories nearest in meaning to `query`, nearest first, above MIN_SIMILARITY. */
  async nearest(query: string): Promise<string[]> {
    const [vector] = await this.embed([query]);
    const { matches } = await this.vectors.query(vector!, { topK: NEAREST, namespace: this.namespace, returnMetadata: "none" });
    return matches.filter((match) => match.score >= MIN_SIMILARITY).map((match) => match.id);
  }

  async remove(ids: string[]): Promise<void> {
    for (let i = 0; i < ids.length; i += BATCH) await this.vectors.deleteByIds(ids.slice(i, i + BATCH));
  }
}

/** The team's namespace: a hash of its name (team names may be 128 characters; namespaces 64 bytes). */
async function namespaceOf(team: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(team));
  return [...new Uint8Array(digest).slice(0, 16)].map((byte) => byte.toString(16).padStart(2, "0")).join("");
}

/** The team's semantic index, or null when the deployment binds no Vectorize index or no Workers AI. */
export async function semanticIndexOf(env: Pick<Env, "AI" | "MEMORY_VECTORS">, team: string): Promise<SemanticIndex | null> {
  if (!env.AI || !env.MEMORY_VECTORS) return null;
  return new SemanticIndex(env.AI as unknown as TextEmbedder, env.MEMORY_VECTORS as unknown as VectorIndex, await namespaceOf(team));
}
