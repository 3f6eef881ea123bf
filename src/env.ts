// Secrets and optional settings, which `wrangler types` cannot see in wrangler.toml.
declare global {
  interface Env {
    /** JSON: {"<token>": {"team": "...", "member": "...", "admin"?: true}}. */
    FASTHOOKS_TOKENS?: string;
  }
}

export {};
