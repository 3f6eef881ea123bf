// Events too large to read whole, through the default app in workerd: a policy cannot be
// bypassed by size (a 413 is "no objection" to Claude Code), and handlers that start work on
// what Claude writes pass big files quietly.
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newSession, TOKENS } from "../../test/worker/helpers";

const write = (session: string, file_path: string, content: string) => ({
  session_id: session,
  transcript_path: `/Users/ada/.claude/projects/-Users-ada-src-shop/${session}.jsonl`,
  cwd: "/Users/ada/src/shop",
  permission_mode: "acceptEdits",
  hook_event_name: "PreToolUse",
  tool_name: "Write",
  tool_input: { file_path, content },
  tool_use_id: "toolu_01big",
});

const MiB = 1024 * 1024;

describe("a Write over the 1 MiB an event is read whole", () => {
  it.each([".env", ".ENV", ".Env.local"])("of %s is still denied", async (name) => {
    const session = newSession("big-env");
    const answer = await call("/v1/hooks", {
      method: "POST",
      body: write(session, `/Users/ada/src/shop/${name}`, "SECRET=1\n".repeat(MiB / 4)),
    });
    expect(answer.status).toBe(200);
    expect(answer.body.hookSpecificOutput).toMatchObject({ hookEventName: "PreToolUse", permissionDecision: "deny" });
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
  });

  it("of another file goes through, with no analysis started and no failure shown", async () => {
    const session = newSession("big-file");
    const answer = await call("/v1/hooks", {
      method: "POST",
      body: write(session, "/Users/ada/src/shop/data.py", "x = 1\n".repeat(MiB / 3)),
    });
    expect(answer).toEqual({ status: 200, body: {} });
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
  });

  it("streamed in small chunks, escapes and all, reads the same", async () => {
    const session = newSession("big-stream");
    const json = JSON.stringify(write(session, "/Users/ada/src/shop/.env", 'A="\\u00e9\\n"\u{1F600}\n'.repeat(MiB / 8)));
    const bytes = new TextEncoder().encode(json);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < bytes.length; at += 4093) controller.enqueue(bytes.subarray(at, at + 4093));
        controller.close();
      },
    });
    const res = await SELF.fetch("http://fasthooks.test/v1/hooks", {
      method: "POST",
      headers: { authorization: `Bearer ${TOKENS.alice}`, "content-type": "application/json" },
      body,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).hookSpecificOutput.permissionDecision).toBe("deny");
  });
});

describe("a Write under that size but over what a task's args may hold", () => {
  it("starts no analysis and shows no failure, Write after Write", async () => {
    const session = newSession("args-limit");
    for (const file of ["a.rb", "b.rb"]) {
      const answer = await call("/v1/hooks", {
        method: "POST",
        body: write(session, `/Users/ada/src/shop/${file}`, "y".repeat(200 * 1024)),
      });
      expect(answer).toEqual({ status: 200, body: {} });
    }
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
  });
});
