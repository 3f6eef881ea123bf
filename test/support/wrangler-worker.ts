// The Worker a test runs is wrangler.toml's, bindings and all, with no developer's file in it.
// Given no env files, wrangler gives any Worker it starts from wrangler.toml the vars of
// .dev.vars (or, without one, of .env): what `npm start` writes there (FASTHOOKS_STRICT=1,
// FASTHOOKS_LOCAL=1, the dev token) or a member keeps there (a real ANTHROPIC_API_KEY) would
// reach the tests. Given env files, it reads only those; this one is never there, so a test's
// Worker has wrangler.toml's [vars] and what the test sets, nothing else.
// test/unit/test-worker-vars.test.ts fails if a wrangler update stops honouring it.
import { unstable_getMiniflareWorkerOptions } from "wrangler";

/** For wrangler's `envFiles` (unstable_startWorker, getMiniflareWorkerOptions): no file at all. */
export const NO_ENV_FILES = ["<tests read no .dev.vars or .env>"];

// getMiniflareWorkerOptions honours `envFiles` as unstable_startWorker does, but its types omit it.
type Options = Parameters<typeof unstable_getMiniflareWorkerOptions>[2];

/**
 * wrangler.toml (or `configPath`) as the Workers vitest plugin takes it, `main` and `miniflare`
 * options (with the vars apart, for the test to add its own), read as `wrangler dev` reads it
 * but with no env file: the plugin's own `wrangler.configPath` option would read .dev.vars.
 */
export function workerOptionsFromWranglerToml(configPath = "wrangler.toml") {
  const options = { envFiles: NO_ENV_FILES, overrides: { enableContainers: false } } as Options;
  const { workerOptions, main, externalWorkers } = unstable_getMiniflareWorkerOptions(configPath, undefined, options);
  const { bindings, ...miniflare } = workerOptions;
  // wrangler.toml's [vars]: JSON values (its types do not reach miniflare's here).
  return { main, miniflare, vars: { ...(bindings as Record<string, unknown>) }, workers: externalWorkers };
}
