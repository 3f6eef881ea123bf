// One local Worker for all client tests, and the CLI built as `npm ci` builds it.
import { execFileSync } from "node:child_process";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startLocalWorker } from "../support/local-worker.ts";
import { TEST_TOKENS } from "./tokens.ts";

declare module "vitest" {
  export interface ProvidedContext {
    workerUrl: string;
  }
}

export default async function setup(project: TestProject) {
  execFileSync(process.execPath, ["scripts/build-client.mjs"], { stdio: "inherit" });
  const worker = await startLocalWorker(TEST_TOKENS);
  project.provide("workerUrl", worker.url.origin);
  return () => worker.dispose();
}
