// The default app's documentation prefetch (documentation.ts), the guide's fetch_documentation:
// a WebFetch of an allowed page fetches it in the background into the team's store; the next
// prompt gives Claude its text, fenced as fetched content; a teammate fetching the same page
// within 10 minutes gets it without a fetch; a prompt reads the team's store in one batch.
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, claudeEvent, newSession, TOKENS } from "../../test/worker/helpers";
import { DOCS_SITE, hitsOf } from "../../test/worker/support/docs-site";
import { MockEvent, TestClient } from "../hooks/testing";
import { ImmediateBackend } from "../tasks/immediate-backend";
import { TEAM_SCOPE } from "../tasks/tasks";
import { app } from ".";

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

  it("makes one call to the team's store on WebFetch, and one batch of them on the next prompt", async () => {
    const team = `doc-calls-${Date.now()}`;
    const backend = new ImmediateBackend({ env, team });
    const calls: string[] = [];
    let inFlight = 0;
    let mostInFlight = 0;
    for (const method of ["add", "get", "put", "pop", "keys", "list"] as const) {
      const original = backend[method].bind(backend) as (session: string, ...rest: unknown[]) => Promise<unknown>;
      (backend as unknown as Record<string, unknown>)[method] = async (session: string, ...rest: unknown[]) => {
        if (session !== TEAM_SCOPE) return original(session, ...rest);
        calls.push(method);
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        await new Promise((resolve) => setTimeout(resolve, 1));
        try {
          return await original(session, ...rest);
        } finally {
          inFlight--;
        }
      };
    }
    const client = new TestClient(app, {
      backend,
      env: { FASTHOOKS_FETCH_ALLOWLIST: DOCS_SITE } as Env,
      member: { team, member: "tester", admin: false },
    });
    for (const page of ["/calls/one.html", "/calls/two.html"]) {
      calls.length = 0;
      await client.send(MockEvent.preToolUse("WebFetch", { url: `${DOCS_SITE}${page}`, prompt: "read" }));
      expect(calls).toEqual(["add"]);
    }
    // And a review this session waits for (reviews.ts): its pointer, to a review gone meanwhile.
    await client.tasks().put("pending_review:/repo/x.py", { key: "review:gone", filePath: "/repo/x.py" });
    calls.length = 0;
    mostInFlight = 0;
    // The review and a page (one per prompt): both team reads side by side, one round trip.
    await client.send(MockEvent.userPromptSubmit("next"));
    expect(calls).toEqual(["get", "get"]);
    expect(mostInFlight).toBe(2);
    calls.length = 0;
    await client.send(MockEvent.userPromptSubmit("next"));
    expect(calls).toEqual(["get"]);
  });
});
