/**
 * The team's memory at its edges: what the MemoryStore keeps, what its search finds, and what
 * the REST API and the CLI send and read. Defined once, here.
 */

/** Who finds a memory: every member of the team, or only the member who added it. */
export type MemoryScope = "team" | "member";

/** One thing worth finding again, as stored and listed. Times are ms since the epoch. */
export interface Memory {
  id: string;
  text: string;
  scope: MemoryScope;
  /** What added it: "note" (a member, from the CLI or the API), "review", or a task's name. */
  source: string;
  /** The member who added it: only they (or an admin) may remove it. */
  member: string;
  /** The project it came from: the base name of the working directory, never the whole path. */
  project: string | null;
  createdAt: number;
  /** When it is deleted, whatever happens: its ttl, capped by the deployment's retention. */
  expiresAt: number;
}

/** What a caller gives to add a memory; the store adds the id and the times. */
export interface NewMemory {
  text: string;
  scope: MemoryScope;
  source: string;
  member: string;
  project?: string | null;
  /** Days it lives. Default and most: the deployment's retention (FASTHOOKS_MEMORY_DAYS). */
  ttlDays?: number;
}

/** What `add` tells: the memory, and whether it is new (false: the same text was there, its expiry renewed). */
export interface AddedMemory {
  memory: Memory;
  added: boolean;
}

/** One memory a search found, best first; its text may be cut to keep the whole result small. */
export interface MemoryHit extends Memory {
  /** How it was found: by its words (FTS5, BM25), by its meaning (Vectorize), or both. */
  foundBy: ("words" | "meaning")[];
  /** The text was cut to fit the result's limit. */
  cut?: true;
}

export interface SearchRequest {
  /** Free text: its words are what is searched (see terms.ts). */
  query: string;
  /** Whose search it is: team memories and this member's own are found, no one else's. */
  member: string;
  /** Memories returned at most. */
  limit?: number;
  /** Characters of memory text in the whole result at most (what it may add to Claude's context). */
  maxChars?: number;
}

export interface ListRequest {
  /** Whose list it is: team memories and this member's own. */
  member: string;
  /** Only these. */
  scope?: MemoryScope;
  /** Only what this member added. */
  addedBy?: string;
  project?: string;
  /** The `next` of the page before. */
  after?: number;
  limit?: number;
}

/** One page of memories, newest first; `next` continues, null on the last page. */
export interface MemoryPage {
  memories: Memory[];
  next: number | null;
}

/** What a removal came to: forbidden when the memory is a teammate's and the caller is no admin. */
export type RemoveOutcome = "removed" | "not_found" | "forbidden";
