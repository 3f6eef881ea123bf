// The team page in a real browser (Debian's Chromium), against a Worker of this file's own (so
// that the team's figures are this file's alone, and the Worker can be stopped and started
// again): who is signed in, the row shown, a task's detail, cancel / retry / delete and who may,
// team results named by what they are, the figures, 400 px wide, the Worker gone and back, and
// a sign-in that cannot reach it. Every test leaves screenshots in test/artifacts/.
/// <reference lib="dom" />
import { hostname } from "node:os";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { eventually } from "../support/eventually.ts";
import { FIXTURE_WORKER, type LocalWorker, startLocalWorker } from "../support/local-worker.ts";
import { cspRefusals, DESKTOP, browserTestsRun, launchChromium, NARROW, screenshots, scrollsSideways } from "./browser";
import { claudeEvent, newSession, runCli } from "./cli";
import { ALICE, BOB, TEST_TOKENS } from "./tokens";

const ADMIN = "client-test-token-admin";
const fake = inject("fakeAnthropicUrl");
const ANTHROPIC = { ANTHROPIC_API_KEY: "sk-ant-client-test", ANTHROPIC_BASE_URL: fake };

let worker: LocalWorker | null = null;
let url = "";
let browser: Browser;

async function rest(path: string, init: { method?: string; body?: unknown; token?: string } = {}): Promise<{ status: number; body: any }> {
  const res = await fetch(`${url}${path}`, {
    method: init.method ?? "GET",
    headers: { authorization: `Bearer ${init.token ?? ALICE}`, "content-type": "application/json" },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { status: res.status, body: await res.json() };
}

/** A Messages API answer of the fake, optionally held until released. */
function answer(text: string, usage = { input_tokens: 2_000, output_tokens: 300 }, hold = false) {
  return {
    hold,
    body: {
      id: `msg_${text.length}`,
      type: "message",
      role: "assistant",
      model: "claude-sonnet-5-5",
      content: [{ type: "text", text }],
      stop_reason: "end_turn",
      stop_sequence: null,
      usage: { cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...usage },
    },
  };
}

const script = (name: string, steps: unknown[]) => fetch(`${fake}/__scenario/${name}`, { method: "POST", body: JSON.stringify({ steps }) });

const writeEvent = (session: string, file_path: string, content: string) =>
  JSON.stringify(claudeEvent(session, "PreToolUse", { tool_name: "Write", tool_input: { file_path, content }, tool_use_id: "toolu_1" }));

/** A hook from a member's machine, through the shim (which names the machine). */
const hookAs = (token: string, input: string) => runCli(["hook"], { env: { FASTHOOKS_URL: url, FASTHOOKS_TOKEN: token }, input });

async function signedIn(token: string): Promise<Page> {
  const page = await browser.newPage({ viewport: DESKTOP });
  await page.goto(url);
  await page.getByLabel("Member token").fill(token);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sessions" }).waitFor();
  return page;
}

/** The value of one fact of the detail (a <dd> after its <dt>). */
const fact = (page: Page, name: string) =>
  page.locator("#detail-facts dt", { hasText: new RegExp(`^${name}$`) }).locator("xpath=following-sibling::dd[1]");

const taskRow = (page: Page, name: string) =>
  page.locator("#tasks tbody tr").filter({ has: page.getByRole("button", { name, exact: true }) });

/** Dollars as the page writes them. */
const money = (usd: number) => (usd === 0 ? "$0" : usd < 1 ? `$${usd.toFixed(4)}` : `$${usd.toFixed(2)}`);

describe.runIf(browserTestsRun)("the team page", () => {
  beforeAll(async () => {
    worker = await startLocalWorker(TEST_TOKENS, ANTHROPIC, FIXTURE_WORKER);
    url = worker.url.origin;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.dispose();
  });

  it("says who is signed in, marks the row shown, and details a task: args, times, attempts, who added it from which machine, cost, error", async () => {
    const session = newSession("detail");
    await hookAs(ALICE, writeEvent(session, "/home/alice/app/main.rb", "puts 1"));
    await rest(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "risky_task" } });
    await script("page-detail", [answer("No security issues.", { input_tokens: 1_200, output_tokens: 80 })]);
    await rest(`/v1/sessions/${session}/tasks`, {
      method: "POST",
      body: { task: "security_review", args: ["[fake:page-detail] eval(x)"] },
    });

    const page = await signedIn(BOB);
    const refused = cspRefusals(page);
    await page.getByText("Signed in as bob of team team-a").waitFor();
    await expect(page.locator("#whoami-member").textContent()).resolves.toBe("bob");
    await expect(page.locator("#whoami-team").textContent()).resolves.toBe("team-a");
    expect(await page.locator("#whoami-admin").isVisible()).toBe(false);

    // The session chosen is marked, for assistive technology (aria-current) and to the eye.
    const open = page.getByRole("button", { name: session });
    await open.click();
    await expect(open.getAttribute("aria-current")).resolves.toBe("true");
    const marked = page.locator("#sessions tbody tr").filter({ has: open });
    expect(await marked.evaluate((row) => getComputedStyle(row).backgroundColor)).not.toBe("rgba(0, 0, 0, 0)");
    await taskRow(page, "analyze_code").getByText("COMPLETED", { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "analyze_code", exact: true }).click();
    await expect(page.getByRole("button", { name: "analyze_code", exact: true }).getAttribute("aria-current")).resolves.toBe("true");
    expect(await page.getByRole("button", { name: "risky_task", exact: true }).getAttribute("aria-current")).toBeNull();

    // The detail: what it ran with, when, how often, who added it and from which machine.
    await page.locator("#detail-args", { hasText: "[0] puts 1" }).waitFor();
    await expect(page.locator("#detail-body").textContent()).resolves.toBe("Analysis complete: 6 chars");
    await expect(fact(page, "Added by").textContent()).resolves.toBe("alice");
    await expect(fact(page, "Machine").textContent()).resolves.toBe(hostname());
    await expect(fact(page, "Directory").textContent()).resolves.toBe("/home/ada/shop");
    await expect(fact(page, "Attempts").textContent()).resolves.toBe("1");
    for (const time of ["Created", "Started", "Finished", "Expires"]) expect(await fact(page, time).textContent()).toMatch(/\d/);
    await screenshots(page, "page-detail");

    // A Claude task's cost, in dollars and tokens.
    await taskRow(page, "security_review").getByText("COMPLETED", { exact: true }).waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "security_review", exact: true }).click();
    await expect(fact(page, "Cost").textContent()).resolves.toMatch(/^\$0\.\d{4} \(1200 tokens in, 80 out\)$/);
    await expect(
      taskRow(page, "security_review")
        .getByRole("cell", { name: /^\$0\.\d{4}$/ })
        .count(),
    ).resolves.toBe(1);

    // A failure's error; bob reads alice's session, and neither retries nor deletes in it.
    await page.getByRole("button", { name: "risky_task", exact: true }).click();
    await page.locator("#detail-body", { hasText: "Error: Something went wrong" }).waitFor();
    await expect(page.locator("#detail-body-title").textContent()).resolves.toBe("Error");
    expect(await page.getByRole("button", { name: "Retry" }).isVisible()).toBe(false);
    expect(await page.getByRole("button", { name: "Delete result" }).isVisible()).toBe(false);
    await page.getByText("This is alice's: only alice or an admin may change it.").waitFor();
    await screenshots(page, "page-error");
    expect(refused).toEqual([]);
    await page.close();
  });

  it("lets the session's owner or an admin cancel, retry and delete, and a teammate only read", async () => {
    const session = newSession("actions");
    await script("page-hold", [answer("Held answer.", undefined, true), answer("Reviewed after a retry.")]);
    await rest(`/v1/sessions/${session}/tasks`, {
      method: "POST",
      body: { task: "review_code", args: ["[fake:page-hold]\ndef f():\n    pass\n"], key: "held" },
    });
    // Its call to Claude is under way (and held): the task is RUNNING.
    await eventually(
      async () => ((await (await fetch(`${fake}/__scenario/page-hold/requests`)).json()) as unknown[]).length,
      (requests) => requests === 1,
    );
    const alice = await signedIn(ALICE);
    await alice.getByRole("button", { name: session }).click();
    await alice.getByRole("button", { name: "held", exact: true }).click();
    const row = taskRow(alice, "held");
    await row.getByText("RUNNING", { exact: true }).waitFor();
    expect(await alice.getByRole("button", { name: "Retry" }).isVisible()).toBe(false);
    expect(await alice.getByRole("button", { name: "Delete result" }).isVisible()).toBe(false);

    // Cancel, while its Claude call is still held open.
    await alice.getByRole("button", { name: "Cancel" }).click();
    await row.getByText("CANCELLED", { exact: true }).waitFor();
    await alice.getByRole("status").getByText("Cancelled.").waitFor();
    await alice.getByRole("button", { name: "Retry" }).waitFor();
    expect(await alice.getByRole("button", { name: "Delete result" }).isVisible()).toBe(true);
    await screenshots(alice, "page-cancelled");
    // The held call ends; its late answer is refused (the task was cancelled).
    await fetch(`${fake}/__scenario/page-hold/release`, { method: "POST" });

    // Retry: the same task and args run again, and complete.
    await alice.getByRole("button", { name: "Retry" }).click();
    await alice.getByRole("status").getByText("Retrying: a new run is queued.").waitFor();
    await row.getByText("COMPLETED", { exact: true }).waitFor({ timeout: 20_000 });
    await alice.locator("#detail-body", { hasText: "Reviewed after a retry." }).waitFor();
    await expect(row.getByRole("cell", { name: /^\$0\.\d{4}$/ }).count()).resolves.toBe(1);

    // Bob reads alice's session, and changes nothing in it; an admin may.
    const bob = await signedIn(BOB);
    await bob.getByRole("button", { name: session }).click();
    await bob.getByRole("button", { name: "held", exact: true }).click();
    await bob.getByText("This is alice's: only alice or an admin may change it.").waitFor();
    for (const action of ["Cancel", "Retry", "Delete result"])
      expect(await bob.getByRole("button", { name: action }).isVisible()).toBe(false);
    // The Worker decides: the same change over REST is refused, saying why.
    const refused = await rest(`/v1/sessions/${session}/tasks/held/result`, { method: "DELETE", token: BOB });
    expect(refused.status).toBe(403);
    const admin = await signedIn(ADMIN);
    await admin.getByText("(admin)").waitFor();
    await admin.getByRole("button", { name: session }).click();
    await admin.getByRole("button", { name: "held", exact: true }).click();
    await admin.getByRole("button", { name: "Delete result" }).waitFor();

    // Alice deletes it: gone from every page.
    await alice.getByRole("button", { name: "Delete result" }).click();
    await alice.getByRole("status").getByText("Deleted held.").waitFor();
    await row.waitFor({ state: "detached" });
    await taskRow(bob, "held").waitFor({ state: "detached" });
    expect((await rest(`/v1/sessions/${session}/tasks/held`)).status).toBe(404);
    await screenshots(alice, "page-deleted");
    for (const page of [alice, bob, admin]) await page.close();
  });

  it("writes out what would disguise a key, and shows a session named team as the session it is", async () => {
    const disguised = "rlo-\u202Egnp.exe";
    const team = await rest("/v1/sessions/team/tasks", { method: "POST", body: { task: "double", args: [2], key: disguised } });
    expect(team.status).toBe(202);
    const alice = await signedIn(ALICE);
    await alice.getByRole("button", { name: "team", exact: true }).click();
    await alice.getByRole("heading", { name: "Tasks of team" }).waitFor();
    await alice.getByRole("button", { name: "rlo-⟨U+202E⟩gnp.exe", exact: true }).click();
    await fact(alice, "Key").getByText("rlo-⟨U+202E⟩gnp.exe").waitFor();
    // The team's own store is still a button of its own.
    await alice.getByRole("button", { name: /team.?wide/i }).click();
    await alice.getByRole("heading", { name: "Team-wide results" }).waitFor();
    await screenshots(alice, "page-disguised-key");
    await alice.close();
  });

  it("names a team result by what it reviewed, not its hash, and charts the team's finished tasks and Claude cost", async () => {
    await script("page-review", [answer("Looks good. Add a docstring.")]);
    const content = "# [fake:page-review]\ndef area(r):\n    return 3.14159 * r * r\n";
    const session = newSession("review");
    await hookAs(ALICE, writeEvent(session, "/home/alice/geo/area.py", content));
    await rest(`/v1/sessions/${session}/tasks`, { method: "POST", body: { task: "risky_task" } });
    expect((await rest(`/v1/sessions/${session}/tasks/risky_task/wait?timeout=15`)).body.status).toBe("FAILED");
    const bob = await signedIn(BOB);
    await bob.getByRole("button", { name: "Team-wide results" }).click();
    const label = "Python file: def area(r):";
    const review = bob.getByRole("button", { name: label, exact: true });
    await taskRow(bob, label).getByText("COMPLETED", { exact: true }).waitFor({ timeout: 15_000 });
    // The hash is there, shortened, for who needs it; no member's path is.
    await expect(taskRow(bob, label).locator(".key").textContent()).resolves.toMatch(/^review:[0-9a-f]{13}…[0-9a-f]{8}$/);
    expect(await bob.getByRole("button", { name: /^review:[0-9a-f]{64}$/ }).count()).toBe(0);
    await review.click();
    await bob.locator("#detail-body", { hasText: "Looks good. Add a docstring." }).waitFor();
    await expect(fact(bob, "Label").textContent()).resolves.toBe(label);
    expect(await bob.locator("#tasks").textContent()).not.toContain("/home/alice");

    // The figures: once every run has been told to the index (the review's cost included), the
    // page says what GET /v1/team/stats says.
    const reviewCost = (await rest(`/v1/team/tasks?status=COMPLETED`, { token: BOB })).body.tasks.find(
      (task: { label?: string }) => task.label === label,
    ).usage.costUsd;
    expect(reviewCost).toBeGreaterThan(0);
    let today = 0;
    const finishedChart = bob.locator("#finished-chart svg");
    await expect
      .poll(async () => {
        const stats = (await rest("/v1/team/stats", { token: BOB })).body;
        today = stats.costPerDay.at(-1).costUsd;
        const finished = stats.finishedPerMinute.reduce(
          (n: number, m: { completed: number; failed: number }) => n + m.completed + m.failed,
          0,
        );
        const shown = { total: await bob.locator("#cost-total").textContent(), chart: await finishedChart.getAttribute("aria-label") };
        if (today < reviewCost) return "the review's cost is not in the figures yet";
        if (!stats.finishedPerMinute.some((m: { failed: number }) => m.failed > 0)) return "the failure is not in the figures yet";
        if (!shown.total?.includes(`${money(today)} today (UTC)`) || !shown.total.includes(`${money(stats.costTotalUsd)} in all`)) {
          return `the page says "${shown.total}", the API ${money(today)} today and ${money(stats.costTotalUsd)} in all`;
        }
        if (!shown.chart?.startsWith(`${finished} tasks finished in the last 60 minutes`))
          return `the chart says "${shown.chart}", the API ${finished}`;
        return "agreed";
      })
      .toBe("agreed");
    expect(await finishedChart.locator("rect.completed").count()).toBeGreaterThan(0);
    expect(await finishedChart.locator("rect.failed").count()).toBeGreaterThan(0);
    await expect(bob.locator("#cost-chart svg").getAttribute("aria-label")).resolves.toContain(`today ${money(today)}`);
    expect(await bob.locator("#cost-chart svg rect.cost").count()).toBeGreaterThanOrEqual(1);
    await screenshots(bob, "page-team-results");
    await bob.close();
  });

  it("is usable 400 px wide: rows become labelled cards and nothing scrolls sideways", async () => {
    const session = newSession("narrow");
    await rest(`/v1/sessions/${session}/tasks`, {
      method: "POST",
      body: { task: "double", args: [21], key: `a-rather-long-key-${"x".repeat(60)}` },
    });
    const page = await browser.newPage({ viewport: NARROW });
    await page.goto(url);
    await page.getByLabel("Member token").fill(ALICE);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("button", { name: session }).click();
    const key = page.getByRole("button", { name: /^a-rather-long-key-/ });
    await key.click();
    await page.locator("#detail-body", { hasText: "42" }).waitFor();
    // Each cell says which column it is; the header row is left to screen readers.
    const cell = page.locator("#tasks tbody td").nth(2);
    expect(await cell.evaluate((td) => getComputedStyle(td, "::before").content)).toBe('"Status"');
    expect((await page.locator("#tasks thead").boundingBox())!.width).toBeLessThanOrEqual(1);
    expect(await scrollsSideways(page)).toBe(false);
    // The detail's actions are within reach.
    const remove = page.getByRole("button", { name: "Delete result" });
    const box = (await remove.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(NARROW.width);
    await screenshots(page, "page-narrow");
    await page.close();
  });

  it("shows a banner when the Worker is gone (its data may be stale), and drops it when it is back", async () => {
    const page = await signedIn(ALICE);
    await page.getByRole("button", { name: "Team-wide results" }).click();
    await page.getByText("Live", { exact: true }).waitFor();
    const port = Number(new URL(url).port);
    await worker!.dispose();
    worker = null;
    const banner = page.locator("#offline");
    await banner.getByText("The Worker cannot be reached").waitFor({ timeout: 15_000 });
    await expect(banner.getAttribute("role")).resolves.toBe("alert");
    await expect(page.locator("#team").getAttribute("class")).resolves.toContain("stale");
    await screenshots(page, "page-worker-gone");
    // The Worker back where the page expects it: the page reconnects on its own.
    worker = await startLocalWorker(TEST_TOKENS, ANTHROPIC, FIXTURE_WORKER, port);
    await banner.waitFor({ state: "hidden", timeout: 30_000 });
    await expect(page.locator("#team").getAttribute("class")).resolves.not.toContain("stale");
    await page.close();
  }, 90_000);

  it("says so when sign-in cannot reach the Worker", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(url);
    await worker!.dispose();
    worker = null;
    await page.getByLabel("Member token").fill(ALICE);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.getByRole("alert").getByText(`Cannot reach the Worker at ${url}`).waitFor();
    expect(await page.getByRole("heading", { name: "Sessions" }).isVisible()).toBe(false);
    await screenshots(page, "page-sign-in-unreachable");
    await page.close();
  });
});
