// Team results shown on a session's next prompt (src/hooks/pointers.ts): a pointer left in the
// session by one hook, its team result read on the next prompt, every kind's in one concurrent
// batch; a result still running waits, a gone one is forgotten, a pointer shown once.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { context, HookApp, type PointerKind, pointAt, showPointed } from "../../src/hooks";
import { MockEvent, TestClient } from "../../src/testing";
import { ImmediateBackend } from "../../src/store/immediate-backend";
import { TaskRegistry } from "../../src/tasks/registry";
import { TaskStatus } from "../../src/tasks/result";
import { task } from "../../src/tasks/task";
import { TEAM_SCOPE, Tasks } from "../../src/tasks/tasks";

const registry = new TaskRegistry();
const shout = task((text: string) => text.toUpperCase(), { name: "shout", args: z.tuple([z.string()]), registry });

const shouts: PointerKind<{ key: string; what: string }, string> = {
  prefix: "pending_shout:",
  schema: z.object({ key: z.string(), what: z.string() }),
  perPrompt: 10,
  show({ what }, found) {
    if (found?.status === TaskStatus.PENDING) return "wait";
    return found?.status === TaskStatus.COMPLETED ? [context(`${what}: ${found.value}`)] : [];
  },
};
const whispers: PointerKind<{ key: string }, string> = {
  prefix: "pending_whisper:",
  schema: z.object({ key: z.string() }),
  perPrompt: 1,
  show: (_pointer, found) => (found?.status === TaskStatus.COMPLETED ? [context(`whisper: ${found.value}`)] : []),
};

/** A client whose team reads are counted, with how many were in flight at once. */
function countingClient() {
  const backend = new ImmediateBackend({ registry });
  const seen = { gets: 0, mostInFlight: 0 };
  let inFlight = 0;
  const team = backend.store(TEAM_SCOPE);
  const get = team.get.bind(team);
  team.get = async (key) => {
    seen.gets++;
    seen.mostInFlight = Math.max(seen.mostInFlight, ++inFlight);
    await new Promise((resolve) => setTimeout(resolve, 1));
    inFlight--;
    return get(key);
  };
  const app = new HookApp().onPrompt(showPointed(shouts, whispers));
  return { client: new TestClient(app, { backend }), seen };
}

describe("pointers to team results", () => {
  it("shows every kind's results on the next prompt, reading the team's store side by side, once", async () => {
    const { client, seen } = countingClient();
    const team = new Tasks(client.backend, { sessionId: TEAM_SCOPE });
    const session = client.tasks();
    for (const word of ["a", "b"]) {
      await team.add(shout, [word], { key: `shout:${word}` });
      await pointAt(session, shouts, word, { key: `shout:${word}`, what: `shout ${word}` }, 60);
    }
    await team.add(shout, ["psst"], { key: "whisper:1" });
    await pointAt(session, whispers, "1", { key: "whisper:1" }, 60);
    await pointAt(session, whispers, "2", { key: "whisper:2" }, 60);
    const answer = await client.send(MockEvent.userPromptSubmit("next"));
    expect(answer.hookSpecificOutput).toEqual({
      hookEventName: "UserPromptSubmit",
      additionalContext: "shout a: A\n\nshout b: B\n\nwhisper: PSST",
    });
    expect(seen).toEqual({ gets: 3, mostInFlight: 3 });
    // The second whisper's turn; the shown ones are gone from the session (not from the team).
    expect(await client.send(MockEvent.userPromptSubmit("next"))).toEqual({});
    expect(await session.keys()).toEqual([]);
    expect(await team.get("shout:a")).toMatchObject({ status: "COMPLETED" });
  });

  it("keeps a pointer whose result is not ready, and drops what is no pointer", async () => {
    const { client } = countingClient();
    const session = client.tasks();
    await pointAt(session, shouts, "later", { key: "shout:later", what: "later" }, 60);
    await session.put("pending_shout:junk", "not a pointer");
    // A PENDING row in the team store, as the queue leaves it until it runs.
    const team = client.backend.store(TEAM_SCOPE);
    await team.put({ key: "shout:later", valueJson: '"x"', ttlMs: 60_000 });
    const pending = { ...(await team.get("shout:later"))!, status: TaskStatus.PENDING };
    const get = team.get.bind(team);
    team.get = async (key) => (key === "shout:later" ? pending : get(key));
    expect(await client.send(MockEvent.userPromptSubmit("next"))).toEqual({});
    expect((await session.keys()).map((entry) => entry.key)).toEqual(["pending_shout:later"]);
  });

  it("keys a pointer whose id is too long by its hash", async () => {
    const { client } = countingClient();
    const stored = await pointAt(client.tasks(), shouts, "x".repeat(300), { key: "shout:x", what: "x" }, 60);
    expect(stored.key).toMatch(/^pending_shout:#[0-9a-f]{64}$/);
  });
});
