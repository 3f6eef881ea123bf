// What the deploy script reads from wrangler.toml, on the repository's own file and on others.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readWranglerConfig } from "../../scripts/deploy/wrangler-config.ts";

describe("readWranglerConfig", () => {
  it("reads this repository's wrangler.toml: the Worker's name and both queues", () => {
    expect(readWranglerConfig(readFileSync("wrangler.toml", "utf8"))).toEqual({
      workerName: "fasthooks-workers",
      queues: ["fasthooks-tasks", "fasthooks-tasks-dlq"],
      accountId: undefined,
      keepsVars: false,
    });
  });

  it("reads account_id and keep_vars at the top level, and skips comments", () => {
    const toml = [
      '# name = "commented-out"',
      'name = "team-hooks"',
      'account_id = "0123456789abcdef0123456789abcdef"',
      "keep_vars = true",
      "[[queues.producers]]",
      'binding = "TASK_QUEUE"',
      'queue = "team-tasks"',
      '# queue = "old-queue"',
      "[[queues.consumers]]",
      'queue = "team-tasks"',
      'dead_letter_queue = "team-dlq"',
      "[durable_objects]",
      'name = "not-the-worker"',
    ].join("\n");
    expect(readWranglerConfig(toml)).toEqual({
      workerName: "team-hooks",
      queues: ["team-tasks", "team-dlq"],
      accountId: "0123456789abcdef0123456789abcdef",
      keepsVars: true,
    });
  });
});
