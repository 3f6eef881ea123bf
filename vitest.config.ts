import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig, type TestProjectInlineConfiguration } from "vitest/config";
import { withoutUnpublishedSourceMaps } from "./test/support/dependency-source-maps.ts";
import { isTaskFailedLine } from "./test/support/expected-logs.ts";
import { linterWorkerOptions, NO_LINTER } from "./test/support/linter-worker.ts";
import { workerOptionsFromWranglerToml } from "./test/support/wrangler-worker.ts";

/**
 * Tests inside workerd with the real bindings from wrangler.toml (Durable Objects, alarms,
 * queues), each test file with its own storage. `main`: the Worker they run in. The vars are
 * wrangler.toml's and these, never a developer's .dev.vars or .env (see wrangler-worker.ts).
 */
function workerd(
  name: string,
  include: string[],
  main?: string,
  linter: "real" | "none" = "real",
  durableObjects: Record<string, { className: string; useSQLite: true }> = {},
  exclude: string[] = [],
): TestProjectInlineConfiguration {
  return {
    extends: true,
    plugins: [
      withoutUnpublishedSourceMaps(),
      cloudflareTest(({ inject }) => {
        const worker = workerOptionsFromWranglerToml();
        return {
          main: main ?? worker.main,
          miniflare: {
            ...worker.miniflare,
            durableObjects: { ...(worker.miniflare.durableObjects as object), ...durableObjects },
            // The Worker the LINTER service binding names: the linter Worker as built for a deploy
            // (test/support/linter-worker.ts), or, where nothing lints, one that answers nothing.
            workers: [...worker.workers, linter === "real" ? linterWorkerOptions(inject("linterBuildDir")) : NO_LINTER],
            bindings: {
              ...worker.vars,
              // The Claude API is a fake on loopback (test/fake-anthropic): no test reaches the internet.
              ANTHROPIC_BASE_URL: inject("fakeAnthropicUrl"),
              ANTHROPIC_API_KEY: "sk-ant-test-0000",
              // Pages are fetched from a documentation site on loopback (test/fake-docs), its two origins allowed.
              FASTHOOKS_FETCH_ALLOWLIST: `${inject("docsSiteUrl")},${inject("docsSiteSecondUrl")}`,
              FASTHOOKS_TOKENS: JSON.stringify({
                "test-token-team-a-alice": { team: "team-a", member: "alice" },
                "test-token-team-a-bob-00": { team: "team-a", member: "bob" },
                "test-token-team-b-carol": { team: "team-b", member: "carol" },
                "test-token-team-a-admin": { team: "team-a", member: "ada", admin: true },
              }),
            },
          },
        };
      }),
    ],
    test: {
      name,
      include,
      exclude,
      globalSetup: [
        "test/fake-anthropic/global-setup.ts",
        "test/fake-docs/global-setup.ts",
        ...(linter === "real" ? ["test/support/linter-global-setup.ts"] : []),
      ],
      // What settles in the background is polled (expect.poll) up to the test's own timeout.
      expect: { poll: { timeout: 5_000 } },
    },
  };
}

// Unit tests, the deploy script's and the client's run in Node.
export default defineConfig({
  test: {
    // A task failed on purpose says so in the log: expected, left out (test/support/expected-logs.ts).
    onConsoleLog: (log) => !isTaskFailedLine(log),
    projects: [
      // The framework, in a Worker of its own with a fixture app: never the team's app.
      // It lints nothing: loading Ruff's 11 MB of wasm into each file's runtime would only cost time.
      workerd("worker", ["test/worker/**/*.test.ts"], "test/worker/support/worker.ts", "none", {
        // The memory with its search by meaning, on in-memory stand-ins of Vectorize and Workers AI.
        MEMORY_STORE_WITH_VECTORS: { className: "MemoryStoreWithVectors", useSQLite: true },
      }),
      // The team's app (src/app/) as deployed (wrangler.toml's main): its example tests.
      workerd("app", ["src/app/**/*.test.ts"], undefined, "real", {}, ["src/app/**/*.node.test.ts"]),
      // The team's handler tests in plain Node, through TestClient (no Worker): src/app/**/*.node.test.ts.
      { test: { name: "app-node", environment: "node", include: ["src/app/**/*.node.test.ts"] } },
      // Plain Node: what a team's own unit tests of handlers and tasks look like.
      { test: { name: "unit", environment: "node", include: ["test/unit/**/*.test.ts", "test/lint/**/*.test.ts"] } },
      // `npm run deploy` against a fake wrangler and Cloudflare account: no network.
      { test: { name: "scripts", environment: "node", include: ["test/scripts/**/*.test.ts"] } },
      // The CLI and the shim as child processes, against a real local Worker (wrangler dev's runtime).
      {
        test: {
          name: "client",
          environment: "node",
          include: ["test/client/**/*.test.ts"],
          globalSetup: ["test/client/global-setup.ts"],
          setupFiles: ["test/client/setup.ts"],
          testTimeout: 30_000,
          expect: { poll: { timeout: 20_000 } },
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
