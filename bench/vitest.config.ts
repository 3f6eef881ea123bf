import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The store's scale, measured inside workerd (the runtime wrangler dev runs): run on demand
// with `npm run bench:store`, never in CI.
export default defineConfig({
  plugins: [
    cloudflareTest({
      wrangler: { configPath: fileURLToPath(new URL("../wrangler.toml", import.meta.url)) },
      miniflare: { bindings: { FASTHOOKS_TOKENS: "{}" } },
    }),
  ],
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["bench/**/*.bench.test.ts"],
    globalSetup: ["bench/support/results-sink.ts"],
    testTimeout: 600_000,
  },
});
