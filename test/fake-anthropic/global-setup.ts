// The worker project's fake Anthropic API, started once in Node and handed to the Worker as
// ANTHROPIC_BASE_URL (see vitest.config.ts).
import type {} from "vitest";
import type { TestProject } from "vitest/node";
import { startFakeAnthropic } from "./server.ts";

export const FAKE_ANTHROPIC_KEY = "sk-ant-test-0000";

declare module "vitest" {
  export interface ProvidedContext {
    fakeAnthropicUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const fake = await startFakeAnthropic(FAKE_ANTHROPIC_KEY);
  project.provide("fakeAnthropicUrl", fake.url);
  return () => new Promise<void>((resolve) => fake.server.close(() => resolve()));
}
