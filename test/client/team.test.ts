// Team sharing end to end: two members' shims share one Claude review through the team scope,
// and the team page (in a real headless Chromium) shows tasks appear and finish, live.
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cspRefusals, browserTestsRun, launchChromium, screenshots } from "./browser";
import { claudeEvent, newSession, runCli } from "./cli";
import { ALICE, BOB } from "./tokens";

const url = inject("workerUrl");
const fake = inject("fakeAnthropicUrl");

async function script(name: string, text: string) {
  const body = {
    id: `msg_${name}`,
    type: "message",
    role: "assistant",
    model: "claude-sonnet-5",
    content: [{ type: "text", text }],
    stop_reason: "end_turn",
    stop_sequence: null,
    usage: { input_tokens: 500, output_tokens: 40, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
  };
  await fetch(`${fake}/__scenario/${name}`, { method: "POST", body: JSON.stringify({ steps: [{ body }] }) });
}

const apiRequests = async (name: string) => ((await (await fetch(`${fake}/__scenario/${name}/requests`)).json()) as unknown[]).length;

async function rest(path: string, token = ALICE): Promise<any> {
  return (await fetch(`${url}${path}`, { headers: { authorization: `Bearer ${token}` } })).json();
}

const write = (session: string, file_path: string, content: string) =>
  JSON.stringify(claudeEvent(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path, content }, tool_use_id: "toolu_1" }));

describe("two members, two machines, one review", () => {
  it("computes a review once for the team and shows it in the other member's session", async () => {
    await script("shared-review", "Looks good. Add a docstring.");
    const content = "# [fake:shared-review]\ndef area(r):\n    return 3.14159 * r * r\n";
    const aliceSession = newSession("alice");
    const bobSession = newSession("bob");
    const asAlice = { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE };
    const asBob = { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: BOB };

    expect(await runCli(["hook"], { env: asAlice, input: write(aliceSession, "/home/alice/geo/area.py", content) })).toMatchObject({
      code: 0,
      stdout: "{}",
    });
    const review = (await rest("/v1/team/tasks")).tasks.find((task: { task: string }) => task.task === "review_code");
    expect(review.addedBy.member).toBe("alice");
    expect((await rest(`/v1/team/tasks/${encodeURIComponent(review.key)}/wait?timeout=15`)).status).toBe("COMPLETED");

    // Bob writes the same content on his machine: the team already has the review.
    await runCli(["hook"], { env: asBob, input: write(bobSession, "/home/bob/geo/area.py", content) });
    const prompt = await runCli(["hook"], {
      env: asBob,
      input: JSON.stringify(claudeEvent(bobSession, "UserPromptSubmit", { prompt: "anything to fix?" })),
    });
    expect(prompt.code).toBe(0);
    const output = JSON.parse(prompt.stdout);
    expect(output.hookSpecificOutput.additionalContext).toContain(
      "Code review of /home/bob/geo/area.py (review_code, started by alice):\nLooks good. Add a docstring.",
    );
    expect(await apiRequests("shared-review")).toBe(1);
  });
});

// A real browser: Debian's Chromium driven by playwright-core (no browser download). More of
// the page is tested in page.test.ts.
describe.runIf(browserTestsRun)("the team page", () => {
  let browser: import("playwright-core").Browser;

  beforeAll(async () => {
    browser = await launchChromium();
  });

  afterAll(() => browser?.close());

  it("signs in, and shows a task appear and turn COMPLETED live, with its result", async () => {
    const page = await browser.newPage();
    // The page lives under its Content-Security-Policy (public/_headers): nothing it does is refused.
    const refused = cspRefusals(page);
    await page.goto(url);
    await page.getByLabel("Member token").fill(BOB);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("heading", { name: "Sessions" }).waitFor();

    // A hook from another member's machine starts a task in a new session.
    const session = newSession("page");
    await runCli(["hook"], {
      env: { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: ALICE },
      input: write(session, "/home/alice/app/main.rb", "puts 1"),
    });
    // The session appears without a reload, and its task runs then completes under our eyes.
    await page.getByRole("button", { name: session }).click();
    const tasks = page.locator("#tasks");
    const row = tasks.getByRole("row").filter({ hasText: "analyze_code" });
    // It shows up while still waiting or running (the analysis takes 2 s)...
    await row.getByText(/^(PENDING|RUNNING)$/).waitFor();
    // ...and turns COMPLETED on the page, with no reload.
    await row.getByText("COMPLETED", { exact: true }).waitFor({ timeout: 15_000 });
    expect(await tasks.getByRole("cell", { name: "alice", exact: true }).count()).toBe(1);
    await page.getByRole("button", { name: "analyze_code" }).click();
    await expect(page.locator("#detail-body").textContent()).resolves.toBe("Analysis complete: 6 chars");

    // The team-wide store, live too: a result added there shows up.
    await page.getByRole("button", { name: "Team-wide results" }).click();
    const key = newSession("page-shared");
    await fetch(`${url}/v1/team/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${ALICE}`, "content-type": "application/json" },
      body: JSON.stringify({ task: "double", args: [21], key }),
    });
    await page.getByRole("button", { name: key }).click();
    await page.locator("#detail-body", { hasText: "42" }).waitFor();

    await screenshots(page, "team-page");
    expect(refused).toEqual([]);
    await page.close();
  });

  it("cannot be framed by another page (frame-ancestors 'none')", async () => {
    const page = await browser.newPage();
    const refusal = page.waitForEvent("console", (message) => /frame-ancestors/.test(message.text()));
    await page.setContent(`<iframe src="${url}/"></iframe>`);
    expect((await refusal).text()).toContain("frame-ancestors 'none'");
    expect(await page.frames()[1]?.locator("#sign-in").count()).toBe(0);
    await page.close();
  });

  it("refuses a wrong token with a clear message", async () => {
    const page = await browser.newPage();
    await page.goto(url);
    await page.getByLabel("Member token").fill("not-a-member-token");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText("That token is not known to this Worker.").waitFor();
    expect(await page.getByRole("heading", { name: "Sessions" }).isVisible()).toBe(false);
    await page.close();
  });
});
