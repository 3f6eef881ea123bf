// Bindings `wrangler types` cannot see (optional settings that are in neither wrangler.toml nor
// .dev.vars.example) are typed here, by augmenting the global Env.
declare global {
  interface Env {}
}

export {};
