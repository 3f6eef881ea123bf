// What the benchmarks measure: the Worker as deployed (wrangler.toml's main), the team's app in
// it, where the tests run a fixture app of their own (test/client/fixture/).
export const DEPLOYED_WORKER = "src/index.ts";

/** A Worker that answers `{}` at once: the local runtime's floor, started the same way. */
export const EMPTY_HOOKS_WORKER = "bench/support/empty-hooks-worker.ts";
