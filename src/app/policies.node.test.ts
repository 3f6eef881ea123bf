// The default app's handlers in plain Node, through TestClient: no Worker, tasks run at once in
// memory (ImmediateBackend, on Node's own SQLite). The `app-node` project of `npm test` runs
// `src/app/**/*.node.test.ts`: the fastest place for a team's handler tests.
import { describe, expect, it } from "vitest";
import { MockEvent, TestClient } from "../testing";
import { app } from "./index";

describe("the default app, in Node", () => {
  it("denies writing a .env file, under the names Windows reads as one", async () => {
    const client = new TestClient(app);
    for (const path of ["/p/.env", "C:\\p\\.env ", "C:\\p\\.env::$DATA"]) {
      expect(await client.send(MockEvent.write(path, "KEY=1"))).toMatchObject({
        hookSpecificOutput: { hookEventName: "PreToolUse", permissionDecision: "deny" },
      });
    }
    // No task was started for a denied write.
    expect(await client.tasks().has()).toBe(false);
  });

  it("runs the Quick Start: a Write starts the analysis, the next prompt hands it to Claude", async () => {
    const client = new TestClient(app);
    expect(await client.send(MockEvent.write("/p/cart.rb", "puts 1"))).toEqual({});
    const answer = await client.send(MockEvent.userPromptSubmit("and now?"));
    expect(answer.hookSpecificOutput).toMatchObject({
      hookEventName: "UserPromptSubmit",
      additionalContext: expect.stringContaining("Analysis complete: 6 chars"),
    });
    // Picked up once: the next prompt has nothing more of it.
    expect(JSON.stringify(await client.send(MockEvent.userPromptSubmit("again?")))).not.toContain("Analysis complete");
  });
});
