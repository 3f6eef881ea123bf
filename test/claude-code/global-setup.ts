// For the real-client suite: the CLI built as `npm ci` builds it, the pinned Claude Code
// (installed from the registry into a cache outside the repo on first use), and one local
// Worker running the fixture app plus a SessionStart handler (fixture/worker.ts).
import { execFileSync } from "node:child_process";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startDocsSite } from "../fake-docs/server.ts";
import { startLocalWorker } from "../support/local-worker.ts";
import { TEAMMATE_TOKEN, TOKEN } from "./support/token.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    lintWorkerUrl: string;
    claudeBinary: string;
    /** The loopback documentation site the Worker may fetch from (test/fake-docs). */
    docsSiteUrl: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ["scripts/build-client.mjs"], { stdio: "inherit" });
  const claudeBinary = execFileSync(process.execPath, ["scripts/claude-code.mjs"], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  }).trim();
  const docs = await startDocsSite();
  const worker = await startLocalWorker(
    { [TOKEN]: { team: "cc", member: "ada" }, [TEAMMATE_TOKEN]: { team: "cc", member: "bob" } },
    { FASTHOOKS_FETCH_ALLOWLIST: docs.urls[0] },
    "test/claude-code/fixture/worker.ts",
  );
  // The linting Worker binds LINTER to the linter entrypoint it exports (fixture/lint-worker.ts).
  const linter = { type: "service", service: "fasthooks-workers", entrypoint: "Linter" };
  const lintWorker = await startLocalWorker({ [TOKEN]: { team: "cc", member: "ada" } }, {}, "test/claude-code/fixture/lint-worker.ts", 0, {
    LINTER: linter,
  });
  project.provide("workerUrl", worker.url.origin);
  project.provide("lintWorkerUrl", lintWorker.url.origin);
  project.provide("claudeBinary", claudeBinary);
  project.provide("docsSiteUrl", docs.urls[0]);
  return async () => {
    await worker.dispose();
    await lintWorker.dispose();
    await docs.close();
  };
}
