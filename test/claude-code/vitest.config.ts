import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The real Claude Code against a real local Worker, with hooks written by our own `install`:
// `npm run test:claude-code` (and CI). Not in `npm test`: the first run downloads Claude Code.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("../..", import.meta.url)),
    include: ["test/claude-code/**/*.test.ts"],
    environment: "node",
    globalSetup: ["test/claude-code/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 600_000,
  },
});
