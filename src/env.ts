// Bindings `wrangler types` cannot see (optional settings) are typed here; FASTHOOKS_TOKENS
// comes from .dev.vars.example (`npm run types`).
declare global {
  interface Env {}
}

export {};
