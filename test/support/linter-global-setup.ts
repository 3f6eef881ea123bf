// The workerd projects' linter Worker: built in Node before they start (see vitest.config.ts).
import { rm } from "node:fs/promises";
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { buildLinterWorker } from "./linter-worker.ts";

declare module "vitest" {
  export interface ProvidedContext {
    linterBuildDir: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = await buildLinterWorker();
  project.provide("linterBuildDir", dir);
  return () => rm(dir, { recursive: true, force: true });
}
