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
    /** Optional: comma-separated origins the fetch_url agent tool may read. */
    FASTHOOKS_FETCH_ALLOWLIST?: string;
  }
}

export {};
