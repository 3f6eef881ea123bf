// The workerd projects' linter Worker: built in Node before they start (see vitest.config.ts).
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { buildLinterWorker } from "./linter-worker.ts";

declare module "vitest" {
  export interface ProvidedContext {
    linterBuildDir: string;
  }
}

export default async function setup(project: TestProject) {
  project.provide("linterBuildDir", await buildLinterWorker());
}
