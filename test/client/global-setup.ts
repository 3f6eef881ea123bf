// One local Worker for all client tests (the fixture app: fixture/), and the CLI built as `npm ci` builds it.
import { execFileSync } from "node:child_process";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startFakeAnthropic } from "../fake-anthropic/server.ts";
import { dropTaskFailedLines } from "../support/expected-logs.ts";
import { FIXTURE_WORKER, startLocalWorker } from "../support/local-worker.ts";
import { TEST_TOKENS } from "./tokens.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
    fakeAnthropicUrl: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ["scripts/build-client.mjs"], { stdio: "inherit" });
  // Claude reviews answer from a fake Messages API on loopback: no test reaches the internet.
  const fake = await startFakeAnthropic("sk-ant-client-test");
  // This Worker logs in vitest's own process, which onConsoleLog does not see.
  const keepTaskFailedLines = dropTaskFailedLines();
  const worker = await startLocalWorker(
    TEST_TOKENS,
    { ANTHROPIC_API_KEY: "sk-ant-client-test", ANTHROPIC_BASE_URL: fake.url },
    FIXTURE_WORKER,
  );
  project.provide("workerUrl", worker.url.origin);
  project.provide("fakeAnthropicUrl", fake.url);
  return async () => {
    await worker.dispose();
    fake.server.close();
    keepTaskFailedLines();
  };
}
