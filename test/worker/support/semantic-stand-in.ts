// In-memory stand-ins of the two bindings the memory's search by meaning uses, Workers AI
// (embeddings) and a Vectorize index, speaking the subset of their APIs the memory calls
// (src/memory/semantic.ts). Neither runs offline, so the path is tested against these, bound
// to a MemoryStore of the test Worker's own (MemoryStoreWithVectors).
import type { TextEmbedder, VectorIndex } from "../../../src/memory/semantic";

/** Words that mean one thing: the stand-in's embeddings put them on one axis, as a model would. */
const CONCEPTS: Record<string, string> = {
  car: "vehicle",
  cars: "vehicle",
  automobile: "vehicle",
  automobiles: "vehicle",
  vehicle: "vehicle",
  database: "database",
  postgres: "database",
  sql: "database",
  outage: "incident",
  incident: "incident",
  downtime: "incident",
};
const DIMENSIONS = 64;

function axisOf(word: string): number {
  const concept = CONCEPTS[word] ?? word;
  let hash = 0;
  for (const char of concept) hash = (hash * 31 + char.charCodeAt(0)) >>> 0;
  return hash % DIMENSIONS;
}

/**
 * A unit vector of the text's words by their concept, the known concepts weighing most (a model
 * reads meaning more than filler words): texts sharing a concept are near.
 */
function standInEmbedding(text: string): number[] {
  const vector = new Array<number>(DIMENSIONS).fill(0);
  for (const [word] of text.toLowerCase().matchAll(/[a-z]+/g)) vector[axisOf(word)]! += word in CONCEPTS ? 1 : 0.2;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((value) => value / norm);
}

export const standInAi: TextEmbedder & { calls: number } = {
  calls: 0,
  async run(_model, { text }) {
    this.calls++;
    return { shape: [text.length, DIMENSIONS], data: text.map(standInEmbedding) };
  },
};

/** Vectors by namespace, then id; cosine similarity, as the index is created (docs/memory.md). */
export const standInVectors: VectorIndex & { namespaces: Map<string, Map<string, number[]>> } = {
  namespaces: new Map(),
  async upsert(vectors) {
    for (const { id, values, namespace = "" } of vectors) {
      const space = this.namespaces.get(namespace) ?? new Map<string, number[]>();
      space.set(id, [...values]);
      this.namespaces.set(namespace, space);
    }
    return { ids: vectors.map((vector) => vector.id), count: vectors.length };
  },
  async query(vector, { topK, namespace }) {
    const dot = (a: number[], b: number[]) => a.reduce((sum, value, i) => sum + value * b[i]!, 0);
    const matches = [...(this.namespaces.get(namespace) ?? new Map<string, number[]>())]
      .map(([id, values]) => ({ id, score: dot(vector, values) }))
      .sort((a, b) => b.score - a.score)
      .slice(0, topK);
    return { matches, count: matches.length };
  },
  async deleteByIds(ids) {
    for (const space of this.namespaces.values()) for (const id of ids) space.delete(id);
    return { ids, count: ids.length };
  },
};
