// Claude agent tasks on the real SDK, through the real queue, against a fake Messages API on
// loopback that speaks the wire format: requests, tool round trips, retries, errors, budget.
import { createExecutionContext, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api";
import { ClaudeAgent, MissingApiKeyError, priceOf, resolveModel } from "../../src/claude";
import { double } from "./support/test-tasks";
import { durableBackend } from "../../src/store/durable-backend";
import { runTask } from "../../src/tasks/run";
import { scopedTasks, Tasks } from "../../src/tasks/tasks";
import { call, newSession } from "./helpers";
import { fixtureApp } from "./support/worker";
import { budgetAgent, fragileAgent, reviewTask, toolAgent } from "./support/claude-tasks";
import { apiError, message, requests, script, text, toolUse } from "./support/fake-anthropic";

const tasksFor = (session: string) =>
  new Tasks(durableBackend(env.SESSION_STORE, "team-claude"), { sessionId: session, origin: { member: "alice" } });

describe("an agent task through the queue", () => {
  it("sends the model id for the alias, the system prompt and the prompt, and stores the answer and its cost", async () => {
    const tasks = tasksFor(newSession("claude"));
    await script("plain", [message([text("Looks fine: no issues.")], { usage: { input_tokens: 1200, output_tokens: 80 } })]);
    await tasks.add(reviewTask, ["plain", "def f(): pass"]);
    const result = await tasks.wait(reviewTask, { timeout: 10 });
    expect(result).toMatchObject({ status: "COMPLETED", value: "Looks fine: no issues.", attempts: 1 });
    const [sent] = await requests("plain");
    expect(sent!.headers.authorization).toBe("Bearer sk-ant-test-0000");
    expect(sent!.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(sent!.body).toEqual({
      model: "claude-sonnet-5-5",
      max_tokens: 4096,
      system: "You are a code reviewer.",
      messages: [{ role: "user", content: "[fake:plain] Review:\ndef f(): pass" }],
    });
    // Sonnet 5.5: $2 / MTok in, $10 / MTok out.
    expect(result!.usage).toEqual({
      inputTokens: 1200,
      outputTokens: 80,
      cacheCreationInputTokens: 0,
      cacheReadInputTokens: 0,
      costUsd: (1200 * 2 + 80 * 10) / 1_000_000,
    });
  });

  it("runs a tool_use round trip with the task store, and answers unknown tools with a tool error", async () => {
    const session = newSession("claude-tools");
    const tasks = tasksFor(session);
    await tasks.add(double, [21], { key: "the-answer" });
    await tasks.wait("the-answer", { timeout: 10 });
    await script("tools", [
      message([text("Let me look."), toolUse("get_task_result", { key: "the-answer" }), toolUse("fetch_url", { url: "https://x.test" })], {
        usage: { input_tokens: 300, output_tokens: 40 },
      }),
      message([text("The answer is 42.")], { usage: { input_tokens: 500, output_tokens: 10, cache_read_input_tokens: 200 } }),
    ]);
    await tasks.add(toolAgent, ["tools", "What is the answer?"]);
    const result = await tasks.wait(toolAgent, { timeout: 10 });
    expect(result).toMatchObject({ status: "COMPLETED", value: "The answer is 42." });
    const [first, second] = await requests("tools");
    expect(first!.body.model).toBe("claude-haiku-5-5");
    expect(first!.body.tools).toEqual([
      expect.objectContaining({
        name: "get_task_result",
        input_schema: expect.objectContaining({ type: "object", required: ["key"] }),
      }),
    ]);
    const [assistantTurn, toolResults] = second!.body.messages.slice(1);
    expect(assistantTurn.role).toBe("assistant");
    expect(toolResults.role).toBe("user");
    const [fromStore, refused] = toolResults.content;
    expect(fromStore).toMatchObject({ type: "tool_result", tool_use_id: assistantTurn.content[1].id });
    expect(JSON.parse(fromStore.content)).toMatchObject({ key: "the-answer", status: "COMPLETED", value: 42 });
    expect(fromStore.is_error).toBeUndefined();
    expect(refused).toEqual({
      type: "tool_result",
      tool_use_id: assistantTurn.content[2].id,
      content: 'The tool "fetch_url" is not available to this agent.',
      is_error: true,
    });
    // Haiku 4.5: $1 in, $5 out, cache reads at a tenth of input; summed over both turns.
    // Haiku 5.5 at its dearer tier: $0.50 / MTok in, $2.50 out, $0.05 cache reads.
    expect(result!.usage!.costUsd).toBeCloseTo((300 * 0.5 + 40 * 2.5 + 500 * 0.5 + 10 * 2.5 + 200 * 0.05) / 1_000_000, 12);
  });

  it("stops at maxTurns and says so", async () => {
    const tasks = tasksFor(newSession("claude-turns"));
    const again = () => message([toolUse("get_task_result", { key: "nothing" })]);
    await script("turns", [again(), again(), again(), again()]);
    await tasks.add(toolAgent, ["turns", "loop"]);
    const result = await tasks.wait(toolAgent, { timeout: 10 });
    expect(result?.status).toBe("COMPLETED");
    expect(result?.value).toBe("[stopped: 3 turns, the most allowed]");
    expect(await requests("turns")).toHaveLength(3);
  });

  it("stops before a turn that would pass the budget, and records what was spent", async () => {
    const tasks = tasksFor(newSession("claude-budget"));
    // One turn costs 100k in x $2 + 1k out x $10 = $0.21; the next would send more than 100k tokens.
    await script("budget", [
      message([text("Checking."), toolUse("get_task_result", { key: "x" })], { usage: { input_tokens: 100_000, output_tokens: 1000 } }),
      message([text("never asked")]),
    ]);
    await tasks.add(budgetAgent, ["budget"]);
    const result = await tasks.wait(budgetAgent, { timeout: 10 });
    expect(result?.value).toBe("Checking.\n[stopped: the next turn would pass the budget of $0.25 (spent $0.2100)]");
    expect(result?.usage?.costUsd).toBeCloseTo(0.21, 10);
    expect(await requests("budget")).toHaveLength(1);
  });
});

describe("API errors", () => {
  it("retries a 429 with the SDK's backoff (honouring retry-after), then succeeds", async () => {
    const tasks = tasksFor(newSession("claude-429"));
    await script("rate", [
      apiError(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", { "retry-after": "1" }),
      apiError(529, "overloaded_error", "Overloaded", { "retry-after": "1" }),
      message([text("ok after waiting")]),
    ]);
    await tasks.add(reviewTask, ["rate", "x"]);
    expect(await tasks.wait(reviewTask, { timeout: 20 })).toMatchObject({ status: "COMPLETED", value: "ok after waiting", attempts: 1 });
    expect(await requests("rate")).toHaveLength(3);
  });

  it("fails the task with the API's own message when the API will not answer", async () => {
    const tasks = tasksFor(newSession("claude-500"));
    await script("broken", [apiError(500, "api_error", "Internal server error", { "x-should-retry": "false" })]);
    await tasks.add(fragileAgent, ["broken"]);
    expect(await tasks.wait(fragileAgent, { timeout: 10 })).toMatchObject({
      status: "FAILED",
      error: { name: "ClaudeApiError", message: "Internal server error" },
    });
    await script("invalid", [apiError(400, "invalid_request_error", "max_tokens: must be greater than 0")]);
    await tasks.add(fragileAgent, ["invalid"], { key: "invalid" });
    expect(await tasks.wait("invalid", { timeout: 10 })).toMatchObject({
      status: "FAILED",
      error: { name: "ClaudeApiError", message: "max_tokens: must be greater than 0" },
    });
    expect(await requests("invalid")).toHaveLength(1); // a 400 is not retried
  });

  it("fails a task clearly when there is no API key", async () => {
    const noKey = { ...env, ANTHROPIC_API_KEY: undefined } as Env;
    // A run as the queue consumer makes it, in a Worker whose bindings have no key.
    const outcome = await runTask(reviewTask, ["none", "x"], {
      key: "review",
      attempt: 1,
      timeoutMs: 10_000,
      env: noKey,
      ...scopedTasks(durableBackend(noKey.SESSION_STORE, "team-claude"), "no-key", undefined),
    });
    expect(outcome).toMatchObject({ ok: false, error: { name: "MissingApiKeyError" } });
    expect(!outcome.ok && outcome.error.message).toMatch(/wrangler secret put ANTHROPIC_API_KEY/);
    await expect(new ClaudeAgent({ model: "haiku" }, { env: noKey }).query("hi")).rejects.toBeInstanceOf(MissingApiKeyError);
  });
});

describe("models and prices", () => {
  it("maps the aliases, lets a deployment override them, and passes ids through", () => {
    expect(resolveModel("haiku")).toBe("claude-haiku-5-5");
    expect(resolveModel("opus")).toBe("claude-opus-5-5");
    expect(resolveModel("sonnet", '{"sonnet": "claude-sonnet-5"}')).toBe("claude-sonnet-5");
    expect(resolveModel("claude-something-new")).toBe("claude-something-new");
    expect(resolveModel("toString")).toBe("toString");
    // An id the table does not know is priced by its family, or as the dearest.
    expect(priceOf("claude-haiku-9").input).toBe(1);
    expect(priceOf("mystery").output).toBe(75);
  });
});

describe("health", () => {
  it("reports a missing API key on ?deep=1, never the key itself, with advice for where the Worker runs", async () => {
    const deep = await call("/v1/health?deep=1", { token: null });
    expect(deep).toEqual({
      status: 200,
      body: {
        status: "ok",
        time: expect.any(Number),
        local: false,
        checks: { tokens: "set", anthropicApiKey: "set", modelAliases: "set" },
        optional: ["anthropicApiKey"],
      },
    });
    expect(JSON.stringify(deep.body)).not.toContain("sk-ant");
    const api = createApi(fixtureApp);
    const deepWith = async (vars: Partial<Env>, url = "http://x/v1/health?deep=1") =>
      (await api.fetch(new Request(url), { ...env, ANTHROPIC_API_KEY: undefined, ...vars }, createExecutionContext())).json();
    expect(await deepWith({})).toMatchObject({
      status: "degraded",
      local: false,
      checks: { anthropicApiKey: "missing (only Claude tasks need it): npx wrangler secret put ANTHROPIC_API_KEY" },
    });
    // A local Worker (npm start) reads its secrets from .dev.vars.
    expect(await deepWith({ FASTHOOKS_LOCAL: "1" }, "http://localhost:8787/v1/health?deep=1")).toMatchObject({
      local: true,
      checks: {
        anthropicApiKey: expect.stringMatching(/^missing .*ANTHROPIC_API_KEY=sk-ant-\.\.\. to \.dev\.vars, then restart `npm start`$/),
      },
    });
  });
});
