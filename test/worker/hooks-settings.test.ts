// GET /v1/hooks/settings: the settings fragment a member pastes instead of running `install`,
// for a test app handling events of every kind (HTTP-capable, decisions, shim-only).
import { createExecutionContext, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { createApi } from "../../src/api/create-api";
import { context, HookApp } from "../../src/hooks";
import { TOKENS } from "./helpers";

const testApp = new HookApp()
  .preTool("Write|Edit", () => undefined)
  .onPermissionRequest("Bash", () => undefined)
  .onPrompt(() => context("team rules"))
  .onStop(() => undefined)
  .onSessionStart(() => context("branch: main"), { matcher: "startup" });

const testApi = createApi(testApp);

async function getSettings(query = "", { origin = "https://fasthooks.acme.workers.dev", token = TOKENS.alice as string | null } = {}) {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const ctx = createExecutionContext();
  const res = await testApi.fetch(new Request(`${origin}/v1/hooks/settings${query}`, { headers }), env, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: (await res.json()) as any };
}

const http = (origin: string, extra: object = {}) => ({
  type: "http",
  url: `${origin}/v1/hooks`,
  headers: { Authorization: "Bearer $FASTHOOKS_TOKEN", "X-Fasthooks-Machine": "$FASTHOOKS_MACHINE" },
  allowedEnvVars: ["FASTHOOKS_TOKEN", "FASTHOOKS_MACHINE"],
  timeout: 15,
  ...extra,
});
const shim = (extra: object = {}) => ({ type: "command", command: "fasthooks-workers hook", timeout: 15, ...extra });

describe("GET /v1/hooks/settings", () => {
  it("serves HTTP entries for this Worker's URL as the request reached it, and the shim where Claude Code takes no HTTP hook", async () => {
    const origin = "https://fasthooks.acme.workers.dev";
    const { status, body } = await getSettings("", { origin });
    expect(status).toBe(200);
    expect(body).toEqual({
      hooks: {
        PreToolUse: [{ matcher: "Write|Edit", hooks: [http(origin)] }],
        PermissionRequest: [{ matcher: "Bash", hooks: [http(origin)] }],
        UserPromptSubmit: [{ hooks: [http(origin)] }],
        Stop: [{ hooks: [http(origin)] }],
        SessionStart: [{ matcher: "startup", hooks: [shim()] }],
      },
    });
    // Never a secret, never a path on some machine.
    expect(JSON.stringify(body)).not.toContain(TOKENS.alice);
    expect(JSON.stringify(body)).not.toMatch(/"command":"[^"]*\//);
  });

  it("follows the URL the Worker is reached at", async () => {
    const { body } = await getSettings("", { origin: "http://localhost:8787" });
    expect(body.hooks.Stop[0].hooks[0].url).toBe("http://localhost:8787/v1/hooks");
  });

  it("serves the shim for every event with mode=command, and blocks on a failure where it denies with failMode=closed", async () => {
    const { body } = await getSettings("?mode=command&failMode=closed");
    expect(body.hooks.PreToolUse[0].hooks).toEqual([shim({ onFailure: "block" })]);
    expect(body.hooks.PermissionRequest[0].hooks).toEqual([shim({ onFailure: "block" })]);
    expect(body.hooks.UserPromptSubmit[0].hooks).toEqual([shim()]);
    expect(body.hooks.Stop[0].hooks).toEqual([shim()]);
    expect(body.hooks.SessionStart[0].hooks).toEqual([shim()]);
  });

  it("closed in HTTP mode: onFailure on the decisions only", async () => {
    const origin = "https://fasthooks.acme.workers.dev";
    const { body } = await getSettings("?failMode=closed", { origin });
    expect(body.hooks.PreToolUse[0].hooks).toEqual([http(origin, { onFailure: "block" })]);
    expect(body.hooks.UserPromptSubmit[0].hooks).toEqual([http(origin)]);
  });

  it("refuses a mode or fail mode it does not know, and a caller without a token", async () => {
    for (const query of ["?mode=grpc", "?failMode=shut"]) {
      const { status, body } = await getSettings(query);
      expect(status).toBe(400);
      expect(body.error.code).toBe("invalid_query");
    }
    const anonymous = await getSettings("", { token: null });
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.error.code).toBe("unauthorized");
  });
});
