// The default app's team reviews (src/reviews.ts) between two members: what is shared names no
// member's path, what reaches Claude says which task and member produced it, and a row a member
// plants under a review's key is not handed to another's Claude as a review.
import { describe, expect, it } from "vitest";
import { call, newSession, TOKENS } from "./helpers";
import { message, requests, script, text } from "./support/fake-anthropic";

const write = (token: string, session: string, file_path: string, content: string) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: {
      session_id: session,
      cwd: "/repo",
      hook_event_name: "PreToolUse",
      tool_name: "Write",
      tool_input: { file_path, content },
      tool_use_id: "toolu_1",
    },
  });
const prompt = (token: string, session: string) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: { session_id: session, cwd: "/repo", hook_event_name: "UserPromptSubmit", prompt: "next" },
  });

async function reviewKey(language: string, content: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`${language}\0${content}`));
  return `review:${[...new Uint8Array(digest)].map((byte) => byte.toString(16).padStart(2, "0")).join("")}`;
}

describe("team reviews", () => {
  it("show a teammate the review under their own path, saying whose task produced it", async () => {
    const content = "# [fake:shared-path]\ndef area(r):\n    return 3.14 * r * r\n";
    await script("shared-path", [message([text("Add a docstring.")])]);
    const alice = newSession("alice");
    const bob = newSession("bob");
    await write(TOKENS.alice, alice, "/home/alice/geo/area.py", content);
    const key = await reviewKey("Python", content);
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}/wait?timeout=10`)).body.status).toBe("COMPLETED");
    await write(TOKENS.bob, bob, "/home/bob/geo/area.py", content);
    const context = (await prompt(TOKENS.bob, bob)).body.hookSpecificOutput.additionalContext as string;
    expect(context).toBe("Code review of /home/bob/geo/area.py (review_code, started by alice):\nAdd a docstring.");
    expect(context).not.toContain("/home/alice");
    const [sent] = await requests("shared-path");
    expect(JSON.stringify(sent!.body)).not.toContain("/home/alice");
    expect(await requests("shared-path")).toHaveLength(1);
  });

  it("never hand over as a review a row of another task put under the review's key", async () => {
    const content = "# [fake:planted]\nprint('x')\n";
    const key = await reviewKey("Python", content);
    // A member plants a value of their own under the key the review will use.
    const planted = await call("/v1/team/tasks", { method: "POST", token: TOKENS.bob, body: { task: "long_output_task", key } });
    expect(planted.status).toBe(202);
    expect((await call(`/v1/team/tasks/${encodeURIComponent(key)}/wait?timeout=10`)).body.status).toBe("COMPLETED");
    const session = newSession("victim");
    await write(TOKENS.alice, session, "/repo/x.py", content);
    const answer = await prompt(TOKENS.alice, session);
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain("fasthooks fasthooks");
  });
});
