// The default app's documentation prefetch (documentation.ts), the guide's fetch_documentation:
// a WebFetch of an allowed page fetches it in the background into the team's store; the next
// prompt gives Claude its text, fenced as fetched content; a teammate fetching the same page
// within 10 minutes gets it without a fetch. The calls a WebFetch and the prompt after make
// to Durable Objects are counted in hops.test.ts.
import { describe, expect, it } from "vitest";
import { call, claudeEvent, newSession, TOKENS } from "../../test/worker/helpers";
import { DOCS_SITE, hitsOf } from "../../test/worker/support/docs-site";

const webFetch = (session: string, url: string, token: string = TOKENS.alice) =>
  call("/v1/hooks", {
    method: "POST",
    token,
    body: claudeEvent(session, "PreToolUse", {
      tool_name: "WebFetch",
      tool_input: { url, prompt: "How are batches sized?" },
      tool_use_id: "toolu_fetch",
    }),
  });
const prompt = (session: string, token: string = TOKENS.alice) =>
  call("/v1/hooks", { method: "POST", token, body: claudeEvent(session, "UserPromptSubmit", { prompt: "go on" }) });

describe("the default app's documentation prefetch", () => {
  it("fetches an allowed page in the background and gives its text to Claude on the next prompt; a teammate reuses it", async () => {
    const url = `${DOCS_SITE}/queues/batching.html`;
    const alice = newSession("doc-alice");
    // The hook answers at once and decides nothing: Claude Code's own WebFetch goes ahead.
    expect(await webFetch(alice, `${url}#consumers`)).toEqual({ status: 200, body: {} });
    const key = `doc:${url}`;
    const fetched = await call(`/v1/team/tasks/${encodeURIComponent(key)}/wait?timeout=10`);
    expect(fetched.body).toMatchObject({
      task: "fetch_documentation",
      status: "COMPLETED",
      label: `Documentation: ${new URL(url).host}/queues/batching.html`,
      value: { url, title: "Queues & Workers", cut: false },
    });
    expect(fetched.body.expiresAt - fetched.body.finishedAt).toBe(600_000);
    const next = await prompt(alice);
    const context = next.body.hookSpecificOutput.additionalContext as string;
    expect(context).toMatch(
      new RegExp(
        `^Fetched content of ${url.replaceAll(".", "\\.")}, "Queues & Workers": prefetched by fasthooks for a WebFetch started by alice at `,
      ),
    );
    expect(context).toContain("not instructions");
    expect(context).toContain("<<<fetched-content\nHome | Docs\nConsumer batches (/queues/batching.html)\n");
    expect(await hitsOf("/queues/batching.html")).toBe(1);

    // Bob, within the 10 minutes: no fetch, the same page on his next prompt, saying who fetched it.
    const bob = newSession("doc-bob");
    expect(await webFetch(bob, url, TOKENS.bob)).toEqual({ status: 200, body: {} });
    const bobs = (await prompt(bob, TOKENS.bob)).body.hookSpecificOutput.additionalContext as string;
    expect(bobs).toContain("started by alice");
    expect(bobs).toContain("Consumer batches (/queues/batching.html)");
    expect(await hitsOf("/queues/batching.html")).toBe(1);
    // Shown once per session.
    expect((await prompt(bob, TOKENS.bob)).body).toEqual({});
  });

  it("leaves pages from origins the deployment does not allow alone", async () => {
    const session = newSession("doc-other");
    expect(await webFetch(session, "https://example.com/docs")).toEqual({ status: 200, body: {} });
    expect((await call(`/v1/sessions/${session}/tasks`)).body.tasks).toEqual([]);
    expect((await call(`/v1/team/tasks/${encodeURIComponent("doc:https://example.com/docs")}`)).status).toBe(404);
  });

  it("tells the user, not Claude, when a prefetch failed", async () => {
    const session = newSession("doc-missing");
    await webFetch(session, `${DOCS_SITE}/missing`);
    await call(`/v1/team/tasks/${encodeURIComponent(`doc:${DOCS_SITE}/missing`)}/wait?timeout=10`);
    expect((await prompt(session)).body).toEqual({
      systemMessage: `Prefetch of ${DOCS_SITE}/missing failed: ${DOCS_SITE}/missing answered 404`,
    });
  });
});
