import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";
import { withoutUnpublishedSourceMaps } from "../test/support/dependency-source-maps.ts";
import { linterWorkerOptions } from "../test/support/linter-worker.ts";
import { workerOptionsFromWranglerToml } from "../test/support/wrangler-worker.ts";
import { BENCH_TEAM, benchTokens } from "./support/team.ts";

// The store's scale, measured inside workerd (the runtime wrangler dev runs): run on demand
// with `npm run bench:store`, never in CI. A simulated team of 1,000 members has a token each.
export default defineConfig({
  plugins: [
    withoutUnpublishedSourceMaps(),
    cloudflareTest(({ inject }) => {
      // wrangler.toml's Worker, without a developer's .dev.vars: measured as deployed.
      const worker = workerOptionsFromWranglerToml(fileURLToPath(new URL("../wrangler.toml", import.meta.url)));
      return {
        main: worker.main,
        miniflare: {
          ...worker.miniflare,
          // The linter Worker the LINTER binding names, as built for a deploy.
          workers: [...worker.workers, linterWorkerOptions(inject("linterBuildDir"))],
          bindings: {
            ...worker.vars,
            FASTHOOKS_TOKENS: JSON.stringify(benchTokens(BENCH_TEAM, 1000)),
            // Claude reviews start (the hook path is measured as deployed) and fail at once on a fake.
            ANTHROPIC_BASE_URL: inject("fakeAnthropicUrl"),
            ANTHROPIC_API_KEY: "sk-ant-test-0000",
          },
        },
      };
    }),
  ],
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["bench/**/*.bench.test.ts"],
    globalSetup: ["bench/support/results-sink.ts", "test/fake-anthropic/global-setup.ts", "test/support/linter-global-setup.ts"],
    testTimeout: 600_000,
  },
});
