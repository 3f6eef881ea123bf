// Bindings `wrangler types` cannot see (optional settings in neither wrangler.toml nor
// .dev.vars.example) are typed here, by augmenting the global Env.
declare global {
  interface Env {
    /** Secret: the key Claude agent tasks call the Messages API with. */
    ANTHROPIC_API_KEY?: string;
    /** Optional: another endpoint for the Messages API (Cloudflare AI Gateway; a fake in tests). */
    ANTHROPIC_BASE_URL?: string;
    /** Optional JSON: model aliases over src/claude/models.ts, e.g. {"sonnet": "claude-sonnet-5"}. */
    FASTHOOKS_MODEL_ALIASES?: string;
    /**
     * Optional: comma-separated origins the Worker may fetch from (the fetch_url agent tool,
     * the documentation prefetch): https://docs.python.org,https://developer.mozilla.org
     */
    FASTHOOKS_FETCH_ALLOWLIST?: string;
    /** Optional: days a memory is kept at most (1-3650, default 90): docs/memory.md. */
    FASTHOOKS_MEMORY_DAYS?: string;
    /**
     * Optional, with MEMORY_VECTORS: Workers AI, for the memory's search by meaning. Bound only
     * where a deployment adds it (docs/memory.md); never under `npm start` (the tests bind
     * in-memory stand-ins to a MemoryStore of their own).
     */
    AI?: Ai;
    /** Optional, with AI: a Vectorize index (384 dimensions, cosine) of the memories' embeddings. */
    MEMORY_VECTORS?: Vectorize;
  }
}

export {};
